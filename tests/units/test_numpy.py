"""numpy functions and ufuncs on quantities: units kept, combined, checked, or refused."""

import numpy as np
import pytest

from brianlab.errors import UnitMismatchError
from brianlab.units import Hz, Quantity, ms, mV, nA, second, volt
from brianlab.units.numpy_functions import supported_functions

v = np.array([1.0, 3.0, 2.0]) * mV
t = np.array([0.0, 1.0, 2.0]) * ms


def message_of(action, error=UnitMismatchError) -> str:
    with pytest.raises(error) as info:
        action()
    return str(info.value)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        # reductions keep the unit
        (lambda: np.mean(v), "2. * mvolt"),
        (lambda: np.std([1, 2, 3] * mV), "0.81649658 * mvolt"),
        (lambda: np.sum(v), "6. * mvolt"),
        (lambda: np.min(v), "1. * mvolt"),
        (lambda: np.max(v), "3. * mvolt"),
        (lambda: np.amax(v), "3. * mvolt"),
        (lambda: np.median(v), "2. * mvolt"),
        (lambda: np.percentile(v, 50), "2. * mvolt"),
        (lambda: np.ptp(v), "2. * mvolt"),
        (lambda: np.nanmean([2, np.nan] * ms), "2. * msecond"),
        (lambda: np.mean(np.ones((2, 2)) * mV, axis=0), "array([1., 1.]) * mvolt"),
        (lambda: np.linalg.norm([3, 4] * mV), "5. * mvolt"),
        # element-wise and reshaping keep the unit
        (lambda: np.cumsum(v), "array([1., 4., 6.]) * mvolt"),
        (lambda: np.diff(v), "array([ 2., -1.]) * mvolt"),
        (lambda: np.diff(v, prepend=0 * mV), "array([ 1.,  2., -1.]) * mvolt"),
        (lambda: np.sort(v), "array([1., 2., 3.]) * mvolt"),
        (lambda: np.flip(v)[0], "2. * mvolt"),
        (lambda: np.reshape(v, (3, 1))[2, 0], "2. * mvolt"),
        (lambda: np.round([1.234] * volt, 1), "array([1.2]) * volt"),
        (lambda: np.abs(-3 * mV), "3. * mvolt"),
        (lambda: abs([-1, 2] * mV), "array([1., 2.]) * mvolt"),
        (lambda: np.negative(3 * mV), "-3. * mvolt"),
        (lambda: np.maximum(3 * mV, 2 * mV), "3. * mvolt"),
        (lambda: np.minimum([3] * mV, [2] * mV), "array([2.]) * mvolt"),
        (lambda: np.maximum(v, 0), "array([1., 3., 2.]) * mvolt"),
        (lambda: np.clip(v, 1.5 * mV, 2.5 * mV), "array([1.5, 2.5, 2. ]) * mvolt"),
        (lambda: np.clip(v, 0, 2 * mV), "array([1., 2., 2.]) * mvolt"),
        (lambda: v.clip(2 * mV), "array([2., 3., 2.]) * mvolt"),
        (lambda: np.unique([1, 1, 2] * mV), "array([1., 2.]) * mvolt"),
        (lambda: np.nan_to_num([np.nan, 1] * mV), "array([0., 1.]) * mvolt"),
        (lambda: np.atleast_1d(3 * mV), "array([3.]) * mvolt"),
        (lambda: np.zeros_like(v), "array([0., 0., 0.]) * volt"),
        (lambda: np.full_like(v, -70 * mV), "array([-70., -70., -70.]) * mvolt"),
        # joining needs one unit
        (lambda: np.concatenate([[1] * mV, [2] * mV]), "array([1., 2.]) * mvolt"),
        (lambda: np.hstack([[1] * mV, [2] * mV]), "array([1., 2.]) * mvolt"),
        (lambda: np.vstack([[1] * mV, [2] * mV])[1], "array([2.]) * mvolt"),
        (lambda: np.stack([[1] * mV, [2] * mV]).shape, "(2, 1)"),
        (lambda: np.append([1] * mV, [2] * mV), "array([1., 2.]) * mvolt"),
        (lambda: np.insert([1] * mV, 0, [2] * mV), "array([2., 1.]) * mvolt"),
        (lambda: np.where([True, False], [1, 2] * mV, [3, 4] * mV), "array([1., 4.]) * mvolt"),
        (lambda: np.linspace(0 * mV, 10 * mV, 3), "array([ 0.,  5., 10.]) * mvolt"),
        (lambda: np.interp(1 * ms, [0, 2] * ms, [0, 2] * mV), "1. * mvolt"),
        # units combine
        (lambda: np.var([1, 2, 3] * mV), "0.66666667 * mvolt2"),
        (lambda: np.prod([1, 2] * mV), "2. * mvolt2"),
        (lambda: np.dot([1, 2] * mV, [1, 2] * mV), "5. * mvolt2"),
        (lambda: [1, 2] * mV @ ([1, 2] * nA), "5. * pwatt"),
        (lambda: np.outer([1, 2] * ms, [1, 2] * nA)[1, 1], "4. * pcoulomb"),
        (lambda: np.sqrt([4] * ms), "array([0.06324555]) * second ** 0.5"),
        (lambda: np.square(3 * mV), "9. * mvolt2"),
        (lambda: np.reciprocal(5 * ms), "200. * hertz"),
        (lambda: np.trapezoid([1, 1] * mV, [0, 2] * ms), "2. * uweber"),
        (
            lambda: np.gradient([0, 2, 4] * mV, 1 * ms),
            "array([2., 2., 2.]) * metre ** 2 * kilogram * second ** -4 * amp ** -1",
        ),  # noqa: E501
        (lambda: np.cov([1, 2, 3] * mV), "1. * mvolt2"),
        # plain results
        (lambda: np.argmax(v), "np.int64(1)"),
        (lambda: v.argsort(), "array([0, 2, 1])"),
        (lambda: np.isnan([1, np.nan] * mV), "array([False,  True])"),
        (lambda: np.isfinite([1, np.inf] * mV), "array([ True, False])"),
        (lambda: np.sign(-3 * mV), "-1.0"),
        (lambda: np.searchsorted([1, 2] * ms, 1.5 * ms), "np.int64(1)"),
        (lambda: np.arctan2(1 * mV, 1 * mV), "0.7853981633974483"),
        (lambda: np.floor_divide(5 * ms, 2 * ms), "2.0"),
        (lambda: divmod(5 * mV, 2 * mV), "(2.0, 1. * mvolt)"),
        (lambda: np.count_nonzero([0, 1] * ms), "np.int64(1)"),
        (lambda: np.shape(v), "(3,)"),
        (lambda: np.allclose([1, 2] * mV, [1, 2] * mV), "True"),
        (lambda: np.allclose(v, v + 1 * mV, atol=2 * mV), "True"),
        (lambda: np.array_equal(v, v / mV), "False"),
        (lambda: np.exp(t / ms)[1], "np.float64(2.718281828459045)"),
        (lambda: np.log([3] * mV / mV), "array([1.09861229])"),
        (lambda: np.corrcoef([1, 2, 3] * ms, [1, 3, 2] * mV)[0, 1], "np.float64(0.5)"),
    ],
)
def test_numpy_function_result_and_unit(call, expected):
    assert repr(call()) == expected


def test_histogram_counts_are_plain_and_edges_keep_the_unit():
    counts, edges = np.histogram([1, 2, 3] * mV, bins=2)
    assert repr(counts) == "array([1, 2])"
    assert repr(edges) == "array([1., 2., 3.]) * mvolt"
    counts, _ = np.histogram([1, 2, 3] * ms, bins=[0, 2, 4] * ms, weights=[1, 1, 1] * nA)
    assert repr(counts) == "array([1., 2.]) * namp"
    density, _ = np.histogram([1, 2, 3] * ms, bins=2, density=True)
    assert density.dim == (1 / second).dim


def test_methods_follow_the_numpy_function_rules():
    assert repr(v.sum()) == "6. * mvolt"
    assert repr(v.mean()) == "2. * mvolt"
    assert repr(v.std()) == repr(np.std(v))
    assert repr(v.var()) == repr(np.var(v))
    assert repr(v.max()) == "3. * mvolt"
    assert repr(v.prod()) == repr(np.prod(v))
    assert repr(v.cumsum()) == repr(np.cumsum(v))
    assert repr(v.dot(v)) == "14. * mvolt2"
    assert repr(v.round(4)) == "array([1., 3., 2.]) * mvolt"
    assert repr(round(1.234 * volt, 1)) == "1.2 * volt"
    assert repr(np.sort(v).searchsorted(2.5 * mV)) == "np.int64(2)"
    assert repr(v.T) == repr(v) and repr(v.reshape(3, 1)[0]) == "array([1.]) * mvolt"
    assert repr(v.astype(np.float32)[0]) == "1. * mvolt"
    assert repr(np.asarray(v)) == "array([0.001, 0.003, 0.002])"


def test_in_place_ufuncs_keep_or_change_the_unit_of_the_output():
    w = [1, 2] * mV
    w += 1 * mV
    assert repr(w) == "array([2., 3.]) * mvolt"
    w *= 2 * nA
    assert repr(w) == "array([4., 6.]) * pwatt"
    out = np.empty(2) * volt
    np.add([1, 2] * mV, [1, 1] * mV, out=out)
    assert repr(out) == "array([2., 3.]) * mvolt"
    assert message_of(lambda: np.add([1] * mV, [1] * mV, out=np.empty(1))) == (
        "Cannot store a result in volt in a plain array without units. "
        "Use a quantity as output, or divide by a unit first."
    )


def test_ufunc_reductions_and_at():
    assert repr(np.add.reduce(v)) == "6. * mvolt"
    assert repr(np.maximum.accumulate(v)) == "array([1., 3., 3.]) * mvolt"
    assert repr(np.multiply.reduce([1, 2] * mV)) == "2. * mvolt2"
    w = [1, 2] * mV
    np.add.at(w, [0], 1 * mV)
    assert repr(w) == "array([2., 2.]) * mvolt"
    assert "Cannot calculate" in message_of(lambda: np.add.at(w, [0], 1 * nA))


# -- refusals ------------------------------------------------------------------


def test_functions_that_need_a_dimensionless_argument_say_how_to_fix_it():
    assert message_of(lambda: np.exp(3 * ms)) == (
        "exp() needs a dimensionless argument; 3. ms is in second. "
        "Divide by a time scale, e.g. exp(t/tau)."
    )
    assert message_of(lambda: np.log([1, 2] * mV)) == (
        "log() needs a dimensionless argument; [1. 2.] mV is in volt. "
        "Divide by a voltage scale, e.g. log(v/DeltaT)."
    )
    assert message_of(lambda: np.sin(3 * ms)).endswith(
        "Multiply by a frequency, e.g. sin(2*pi*f*t)."
    )
    assert message_of(lambda: np.cos(3 * Hz)).endswith("Multiply by a time, e.g. cos(2*pi*f*t).")


def test_joining_arrays_of_different_units_is_an_error():
    assert message_of(lambda: np.concatenate([[1] * mV, [2] * nA])) == (
        "Cannot calculate np.concatenate([1.] mV, [2.] nA), the units do not match "
        "(units are volt and amp). "
        "To turn a current into a voltage, multiply it by a resistance (e.g. R*I)."
    )
    assert message_of(lambda: np.where([True], 3 * mV, 2)).endswith("Did you mean 2*mV?")


def test_clip_with_a_plain_bound_is_an_error_unless_it_is_zero():
    assert message_of(lambda: np.clip(3 * mV, 0, 1)) == (
        "Cannot calculate np.clip(3. mV, 0, 1), the units do not match "
        "(units are volt and 1). Did you mean 1*mV?"
    )


def test_a_plain_absolute_tolerance_needs_the_values_unit():
    assert message_of(lambda: np.allclose(v, v, atol=1e-3)) == (
        "Cannot use atol=0.001 in np.allclose() for values in volt, the units do not match "
        "(units are volt and 1). Did you mean 0.001*mV?"
    )


def test_cumulative_products_would_mix_units_and_are_refused():
    assert message_of(lambda: np.cumprod([1, 2] * mV), TypeError) == (
        "np.cumprod() of a quantity in volt would give each element a different unit. "
        "Remove the units first, e.g. np.cumprod(x/mV)."
    )


def test_an_unsupported_function_refuses_units_but_runs_on_plain_values():
    assert message_of(lambda: np.polyfit([1, 2, 3] * ms, [1, 2, 3] * mV, 1), TypeError) == (
        "np.polyfit() does not support quantities with units (got second). Remove the units "
        "first, e.g. np.polyfit(x/ms), and multiply the result by the unit it should have."
    )
    assert np.polyfit(Quantity([1, 2, 3]), [2, 4, 6], 1)[0] == pytest.approx(2)


def test_an_unsupported_ufunc_refuses_units():
    assert message_of(lambda: np.bitwise_and(3 * mV, 1), TypeError).startswith(
        "numpy.bitwise_and() is not defined for quantities with units (got volt)."
    )


def test_copying_a_quantity_into_a_plain_array_is_refused():
    target = np.zeros(2)
    assert message_of(lambda: np.copyto(target, [1, 2] * mV)) == (
        "Cannot copy [1. 2.] mV into a plain array without units. Write the plain numbers "
        "instead (divide by mV) and multiply the result by mV."
    )


def test_the_numpy_functions_the_course_uses_have_unit_rules():
    course = {
        "mean", "std", "var", "sum", "cumsum", "diff", "clip", "concatenate", "hstack",
        "vstack", "stack", "min", "max", "amin", "amax", "argmax", "round", "where",
        "full_like", "ones_like", "zeros_like", "sort", "median", "percentile", "dot", "ptp",
        "histogram", "allclose", "isclose", "append", "insert", "linspace", "interp",
    }  # fmt: skip
    assert course <= set(supported_functions())


def test_plotting_quantities_directly_with_matplotlib():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        (line,) = ax.plot(t, v)
        assert list(np.asarray(line.get_ydata())) == [0.001, 0.003, 0.002]
        ax.scatter(t, v)
        ax.fill_between(t, v, 0 * mV)
        ax.vlines(t, -50 * mV, -20 * mV)
        ax.hist(v, bins=2)
        fig.canvas.draw()
    finally:
        plt.close(fig)
