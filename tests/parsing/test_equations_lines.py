"""Equations that continue over several lines, as Brian 2 accepts them."""

from brianlab.equations import Equations


def test_open_parenthesis_and_trailing_operator_continue_the_equation():
    eqs = Equations(
        """dv/dt = (g_L*(E_L - v) + g_e*(E_e - v)
                    + g_i*(E_i - v))/C : volt   # conductance-based
           dg_e/dt = -g_e/tau_e :
               siemens
           g_i : siemens"""
    )
    assert list(eqs) == ["v", "g_e", "g_i"]
    assert str(eqs["v"]) == "dv/dt = (g_L*(E_L - v) + g_e*(E_e - v) + g_i*(E_i - v))/C : volt"
    assert eqs["g_e"].unit_text == "siemens"


def test_a_complete_line_is_not_joined_with_the_next():
    eqs = Equations("dv/dt = -v/tau : volt\nI : amp")
    assert [eqs[n].line for n in eqs] == [1, 2]
