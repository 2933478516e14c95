"""The recorder the mock upstream writes and conformance reads: order, marks, frozen
records, and safety when many threads add at once."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from naftiko_lint.serve.recording import RecordedRequest, Recorder


def _request(n: int, operation: str | None = "get-ship") -> RecordedRequest:
    return RecordedRequest(
        namespace="registry",
        method="GET",
        path=f"/v1/ships/{n}",
        query=(("a", "1"), ("a", "")),
        headers=(("accept", "application/json"), ("x-trace", str(n))),
        body=b"",
        operation=operation,
    )


def test_records_keep_arrival_order_and_marks_split_them() -> None:
    recorder = Recorder()
    recorder.add(_request(1))
    mark = recorder.mark()
    recorder.add(_request(2))
    recorder.add(_request(3, None))
    assert [r.path for r in recorder.all()] == ["/v1/ships/1", "/v1/ships/2", "/v1/ships/3"]
    assert [r.path for r in recorder.since(mark)] == ["/v1/ships/2", "/v1/ships/3"]
    assert recorder.since(recorder.mark()) == []
    assert len(recorder) == 3


def test_a_returned_list_is_a_copy() -> None:
    recorder = Recorder()
    recorder.add(_request(1))
    snapshot = recorder.all()
    recorder.add(_request(2))
    assert len(snapshot) == 1


def test_records_are_frozen_and_answer_header_and_query_lookups() -> None:
    record = _request(7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.path = "/elsewhere"  # type: ignore[misc]
    assert record.header("X-Trace") == "7"
    assert record.header("missing") is None
    assert record.query_values("a") == ["1", ""]


def test_many_threads_adding_lose_nothing() -> None:
    recorder = Recorder()
    barrier = threading.Barrier(8)

    def work(base: int) -> None:
        barrier.wait()
        for i in range(250):
            recorder.add(_request(base * 1000 + i))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    paths = [r.path for r in recorder.all()]
    assert len(paths) == 2000 == len(set(paths))
