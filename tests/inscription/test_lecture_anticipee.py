import threading

import pytest

from inscription.lecture_anticipee import en_avance

pytestmark = pytest.mark.no_django_db


def test_elements_dans_l_ordre():
    assert list(en_avance(iter(range(1000)))) == list(range(1000))


def test_exception_levee_chez_l_appelant_apres_les_elements_precedents():
    def source():
        yield 1
        yield 2
        raise ValueError("ligne illisible")

    iterateur = en_avance(source())
    assert [next(iterateur), next(iterateur)] == [1, 2]
    with pytest.raises(ValueError, match="ligne illisible"):
        next(iterateur)


def test_arret_anticipe_de_l_appelant_arrete_la_lecture():
    lus = []

    def source():
        for i in range(10_000):
            lus.append(i)
            yield i

    iterateur = en_avance(source(), avance=2)
    assert next(iterateur) == 0
    iterateur.close()  # the caller stops (a batch failed to write)
    assert not any(t.name == "lecture-anticipee" for t in threading.enumerate())
    # Read at most the items in flight, not the whole source.
    assert len(lus) < 10
