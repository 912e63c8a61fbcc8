"""Collect Brian 2's printed forms and unit names as test data (not a test).

Run with Brian 2's environment from the repository root::

    .venv-brian2/bin/python tests/units/data/collect_brian2.py

It writes ``brian2_printing.json`` (``repr``/``str`` of quantities, evaluated
in order in one session, since unit arithmetic registers display units) and
``brian2_units.json`` (every unit name with its printed names, scale and
dimension, and whether ``from brian2 import *`` exports it).
"""

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent

#: Evaluated in this order, in one session: later lines see the units that
#: earlier lines created (``mV/ms`` changes how volt/second prints).
EXPRESSIONS = [
    "50*mV",
    "-65.59974818*mV",
    "0.3157*nA",
    "0.35*nA",
    "1*Mohm*50*nA",
    "50*nA*10000",
    "0*mV",
    "np.nan*mV",
    "np.inf*mV",
    "-np.inf*mV",
    "1e-20*volt",
    "1e20*volt",
    "1e-30*volt",
    "12345.678*mV",
    "0.0001*mV",
    "-3*mV",
    "3*Hz",
    "3/second",
    "3*kHz",
    "2/ms",
    "3*meter",
    "3*nS",
    "3*mM",
    "3*molar",
    "3*liter",
    "1e-3*mole/metre**3",
    "5*coulomb",
    "5*joule",
    "3*kelvin",
    "1e-5*kelvin",
    "3*mole",
    "2*kilogram",
    "1e-3*kilogram",
    "1e3*kilogram",
    "1*gram",
    "1*pascal",
    "3*ohm",
    "3e9*ohm",
    "3*mV*amp",
    "3*nA/mV",
    "3*nA*ms",
    "3*mV*ms",
    "3*second*amp",
    "3*metre**2",
    "3*cm**2",
    "1e-12*metre**2",
    "1e-4*metre**2",
    "1e-6*second**2",
    "2*meter**3",
    "2*cm**3",
    "1e-3*litre",
    "5*second**-2",
    "1*mV*mV",
    "(3*mV)**2",
    "np.sqrt(4*ms)",
    "1*second**-0.5",
    "1.5*mV/ms",
    "3*nS/cm**2",
    "5*uF/cm**2",
    "3*amp/meter**2",
    "3*ohm*cm",
    "1/(3*mV)",
    "3*Hz/nA",
    "5*mV**2/ms",
    "[1, 2]*mV",
    "np.array([1., 2.])*mV",
    "np.arange(20)*mV",
    "[0.001, 1]*volt",
    "[1e-3, 1e-9]*volt",
    "[0, 1e-3, 2e-3]*volt",
    "[1e-3, -2e-3]*volt",
    "[np.nan, 1e-3]*volt",
    "[np.inf, 1e-3]*volt",
    "[0., 0.]*volt",
    "np.array([[1, 2], [3, 4]])*mV",
    "(np.array([[1, 2], [3, 4]])*mV).T",
    "np.array([[1e-3, 2e-3], [3, 4]])*volt",
    "np.linspace(0, 1, 1500)*mV",
    "np.array([1, 2])*nS/cm**2",
    "Quantity(3)",
    "Quantity([1, 2])",
    "Quantity(5, dim=volt.dim)",
    "np.float64(3)*mV",
    "np.array([True, False])*mV",
    "mV",
    "mvolt",
    "Hz",
    "cm2",
    "um2",
    "kgram",
    "volt/second",
    "mV**-1",
    "ms**-0.5",
    "second**-0.5",
    "ufarad*cm**-2",
    "siemens/meter**2",
    "cm**2",
    "volt*amp/second",
    "volt/(amp*second)",
    "(volt/amp)*second",
    "(volt/amp)/second",
    "(volt*amp)**2",
    "(mV**-1)**2",
    "amp/meter**2*second",
    "1/second",
    "mV**2",
    "mV**2.0",
    "volt**0.5",
    "(mV*ms)/(nA*second)",
    "nS/cm**2",
    "mV*mV",
    "cm2*mm",
    "ufarad/cm2",
    "siemens*meter**-2",
    "volt*(amp/second)",
    "1.5*mV/ms",
    "1500*volt/second",
    "3*nS/cm**2",
    "5*ufarad*cm**-2",
    "2*ms**-0.5",
    "3*amp/meter**2",
    "1*siemens/meter**2",
]


def collect_printing():
    namespace = {"np": np}
    exec("from brian2 import *", namespace)
    rows = []
    for expr in EXPRESSIONS:
        value = eval(expr, namespace)
        rows.append({"expr": expr, "repr": repr(value), "str": str(value)})
    (HERE / "brian2_printing.json").write_text(json.dumps(rows, indent=1) + "\n")


def collect_units():
    import brian2.units.allunits as allunits
    from brian2.core.namespace import DEFAULT_UNITS
    from brian2.units.fundamentalunits import Unit

    namespace = {}
    exec("from brian2 import *", namespace)
    star = {k for k, v in namespace.items() if isinstance(v, Unit)}
    # 'unit' is a loop variable that leaks out of brian2.units.allunits
    defined = {k for k in dir(allunits) if isinstance(getattr(allunits, k), Unit)} - {"unit"}
    table = {}
    for name in sorted(defined | star | set(DEFAULT_UNITS)):
        u = namespace[name] if name in star else getattr(allunits, name, DEFAULT_UNITS.get(name))
        table[name] = {
            "repr": repr(u),
            "str": str(u),
            "scale": float(u),
            "dim": [float(x) for x in u.dim._dims],
            "star": name in star,
            "equations": name in DEFAULT_UNITS,
        }
    (HERE / "brian2_units.json").write_text(json.dumps(table, indent=0, sort_keys=True) + "\n")


if __name__ == "__main__":
    collect_printing()
    collect_units()
