from django.dispatch import Signal

# An export was asked for and committed: receivers.py hands it to the worker.
export_requested = Signal()
