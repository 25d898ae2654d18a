"""The report templates, shipped inside the package as projector.templates."""
