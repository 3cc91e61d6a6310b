"""The append-only audit log: who read or changed what, about whom, when and from where."""
