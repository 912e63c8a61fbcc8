"""How figures reach the notebook: live ipympl canvases, or static images shown again.

Also checks the import rule: ``import brianlab`` and the view-models never load
ipywidgets; only ``brianlab.widgets`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from brianlab import ms, mV
from brianlab.widgets.models.explorer import ExplorerModel
from brianlab.widgets.models.plots import is_interactive_backend


def run_python(code: str, backend: str = "Agg") -> str:
    env = {**os.environ, "MPLBACKEND": backend}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_import_brianlab_and_the_view_models_do_not_load_ipywidgets_the_widgets_do():
    out = run_python(
        """
        import sys
        import brianlab
        assert 'ipywidgets' not in sys.modules and 'matplotlib' not in sys.modules
        import brianlab.widgets.models.editor, brianlab.widgets.models.parameters
        import brianlab.widgets.models.simulation, brianlab.widgets.models.export
        import brianlab.widgets.models.explorer, brianlab.widgets.models.phaseplane
        import brianlab.widgets.models.ficurve
        print('ipywidgets' in sys.modules)
        from brianlab.widgets import Explorer
        print('ipywidgets' in sys.modules)
        """
    )
    assert out.splitlines() == ["False", "True"]


def test_static_figures_are_updated_in_place_without_new_artists(lif_namespace):
    model = ExplorerModel(
        "dv/dt = (E_L - v + R*I)/tau : volt",
        namespace=lif_namespace,
        delay=0,
        initial={"v": -70 * mV},
    )
    assert not is_interactive_backend() and not model.figure.interactive
    panel = model.figure.panels[0]
    line = panel.lines[0]
    n_lines = len(panel.ax.lines)
    model.params.set_value("tau", 20.0)
    assert panel.lines[0] is line and len(panel.ax.lines) == n_lines
    assert model.figure.fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    # the time axis is labelled once, under the bottom panel the others share it with
    bottom = model.figure.panels[-1]
    assert panel.ax.get_ylabel() == "v (mV)" and bottom.ax.get_xlabel() == "time (ms)"
    assert len(model.figure.panels) == 1 or panel.ax.get_xlabel() == ""
    assert panel.ax.get_xlim() == (0.0, 100.0)
    assert ms  # the unit used for the x axis


def test_with_ipympl_the_canvas_is_the_widget_and_once_shown_a_move_sends_one_frame_at_once():
    out = run_python(
        """
        from brianlab import Mohm, ms, mV
        from brianlab.widgets import Explorer
        ns = {"E_L": -70*mV, "R": 100*Mohm, "tau": 10*ms}
        w = Explorer("dv/dt = (E_L - v + R*I)/tau : volt", namespace=ns,
                     initial={"v": -70*mV}, delay=0)
        canvas = w.model.figure.fig.canvas
        idle, frames = [], []
        canvas.draw_idle = lambda *a, **k: idle.append(1)
        original = canvas.send_binary
        canvas.send_binary = lambda data: (frames.append(bytes(data)), original(data))
        w.sliders.sliders["tau"].value = 20.0  # no view in a page yet: it will draw itself
        print(len(idle), len(frames))
        canvas._handle_message(canvas, {"type": "initialized"}, [])  # what the page's view says
        w.sliders.sliders["tau"].value = 30.0
        import matplotlib.pyplot as plt
        plt.draw_all()  # what follows every widget message in a kernel: nothing left to draw
        print(type(canvas).__module__, w.figure.children[0].children[0] is canvas, len(idle),
              len(frames), frames[-1][:4] == b"\\x89PNG", w.figure.shown, canvas.header_visible)
        """,
        backend="module://ipympl.backend_nbagg",
    )
    # shown: no round trip through the page (draw_idle), the changed pixels go out at once
    assert out.splitlines()[-2:] == ["1 0", "ipympl.backend_nbagg True 1 1 True 0 False"]
