# Models arrive with the issue that builds this step of the journey.
