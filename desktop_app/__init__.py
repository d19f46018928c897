"""Record Clearance Desktop: automatic Prop 64 record clearance for California counties."""

__version__ = "0.1.0"
