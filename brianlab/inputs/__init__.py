"""brianlab.inputs."""
