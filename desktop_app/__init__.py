"""CAR-T Tutor: an offline course on CAR-T cell therapy for acute lymphoblastic leukemia."""

__version__ = "1.0.0"
