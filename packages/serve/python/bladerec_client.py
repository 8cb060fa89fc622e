"""Standard-library client of `blade serve` (bladerec's list rewards and BLADE Best-of-N targets).

    from bladerec_client import BladeClient
    client = BladeClient("http://127.0.0.1:8470", token=None)
    client.rewards([{"context": {"user": "u1", "relevant": ["i7"]}, "items": ["i3", "i7"]}])
    client.targets([{"context": {"id": "u1", "relevant": ["i7"]}, "rollouts": [{"text": "1. Heat\\n2. Alien"}, ...]}])

Only `urllib` and `json`: nothing to install next to an RL engine. See docs/serving.md for TRL, verl
and OpenRLHF.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional, Sequence


class BladeServeError(RuntimeError):
    """An error reply of the server: `status` and the JSON `error` ({field, reason} or {plugin, metric, reason})."""

    def __init__(self, status: int, error: Dict[str, Any]):
        self.status = status
        self.error = error
        where = error.get("field") or error.get("plugin") or ""
        super().__init__(f"blade serve {status}: {where}: {error.get('reason', error)}")


class BladeClient:
    """Calls `POST /v1/rewards`, `POST /v1/targets` and `GET /v1/health` of a `blade serve` process."""

    def __init__(self, url: str = "http://127.0.0.1:8470", token: Optional[str] = None, timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                return json.loads(reply.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            payload = error.read().decode("utf-8", "replace")
            try:
                detail = json.loads(payload).get("error", {"reason": payload})
            except ValueError:
                detail = {"reason": payload}
            raise BladeServeError(error.code, detail) from None

    def health(self) -> Dict[str, Any]:
        return self._call("GET", "/v1/health")

    def rewards(self, lists: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
        """Per-term and total rewards of lists: each `{"context": {...}, "items": [...]}` or `{"context", "text"}`."""
        return self._call("POST", "/v1/rewards", {"lists": list(lists)})

    def total_rewards(self, lists: Sequence[Dict[str, Any]]) -> List[float]:
        """The objective's value of each list."""
        return [r["total"] for r in self.rewards(lists)["rewards"]]

    def targets(self, groups: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
        """BLADE targets of groups of N rollouts (one training step; updates the server's prior)."""
        return self._call("POST", "/v1/targets", {"groups": list(groups)})

    def group_advantages(self, contexts: Sequence[Dict[str, Any]], texts: Sequence[str]) -> List[float]:
        """One advantage per completion: completions of the same context id form a group (GRPO-style)."""
        order: Dict[str, List[int]] = {}
        for i, context in enumerate(contexts):
            key = context.get("id", context.get("user"))
            order.setdefault(key, []).append(i)
        members = list(order.values())
        groups = [{"context": contexts[rows[0]], "rollouts": [{"text": texts[i]} for i in rows]} for rows in members]
        reply = self.targets(groups)
        out = [0.0] * len(texts)
        for rows, group in zip(members, reply["groups"]):
            for i, value in zip(rows, group["advantage"]):
                out[i] = value
        return out


if __name__ == "__main__":
    import sys

    print(json.dumps(BladeClient(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8470").health(), indent=2))
