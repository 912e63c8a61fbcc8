"""The behaviour of brianlab's widgets, as plain Python (no ipywidgets).

Each widget of :mod:`brianlab.widgets` is a thin layer of stock ipywidgets
over one of these view-models.  A view-model holds the model being edited or
simulated, reacts to calls (``set_value``, ``set_text``, ``run``, ``click``)
and exposes a small ``state`` (a dict of plain values) that tests and the
widget layer read.

Modules
-------
``parameters``  slider specifications from units, and the live namespace
``editor``      parsing and checking the equations a learner types
``evaluate``    numerical evaluation of IR right-hand sides over grids
``simulation``  building, storing and re-running models; run control
``plots``       persistent matplotlib artists fed from monitors
``frames``      drawing those figures cheaply: layout kept, only changed panels redrawn
``explorer``    editor + parameters + simulation + plots together
``phaseplane``  nullclines, vector field, fixed points, trajectories
``ficurve``     firing rate against input current in one vectorised run
``export``      the model as a runnable Brian 2 script
"""
