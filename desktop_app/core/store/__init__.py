"""The progress database: the only module that talks SQL."""
