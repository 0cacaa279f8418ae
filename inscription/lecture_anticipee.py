"""Reading ahead: the next batches of a file are read and checked while the database writes.

The checks of a batch are Python (a core), its writing is PostgreSQL (the other):
run one after the other they add up, side by side the import takes about the time
of the slower of the two. The thread touches no database connection (it only reads
the file and builds objects), so the writes stay in the caller's transaction.
"""

import queue
import threading

_FIN = object()


class _Erreur:
    def __init__(self, exc):
        self.exc = exc


def en_avance(iterable, *, avance=2):
    """Iterates ``iterable`` in a thread, at most ``avance`` items ahead of the caller.

    An exception of ``iterable`` is raised in the caller at the point it was reached;
    if the caller stops early (exception, break), the thread stops at its next item.
    """
    file = queue.Queue(maxsize=avance)
    arret = threading.Event()

    def deposer(element):
        while not arret.is_set():
            try:
                file.put(element, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produire():
        try:
            for element in iterable:
                if not deposer(element):
                    return
            deposer(_FIN)
        except BaseException as exc:  # noqa: BLE001 — handed over to the caller, raised there
            deposer(_Erreur(exc))

    fil = threading.Thread(target=produire, name="lecture-anticipee", daemon=True)
    fil.start()
    try:
        while (element := file.get()) is not _FIN:
            if isinstance(element, _Erreur):
                raise element.exc
            yield element
    finally:
        arret.set()
        fil.join()
