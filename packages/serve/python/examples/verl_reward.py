"""A verl custom reward function backed by `blade serve`.

verl's reward manager calls `compute_score(data_source, solution_str, ground_truth, extra_info)` per
response; put the context ({"id", "relevant", "history"}) in the dataset's `reward_model.ground_truth`
(as a JSON string) and point verl at this file:

    custom_reward_function.path=verl_reward.py custom_reward_function.name=compute_score

Each call scores one generated list with the objective ("1. Title ..." grounded to the catalog). For
BLADE targets over a group, use a batch reward manager and `BladeClient.group_advantages`.
"""
import json
import os

from bladerec_client import BladeClient

client = BladeClient(os.environ.get("BLADE_SERVE_URL", "http://127.0.0.1:8470"), token=os.environ.get("BLADE_SERVE_TOKEN"))


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    context = json.loads(ground_truth) if isinstance(ground_truth, str) else ground_truth
    return client.total_rewards([{"context": context, "text": solution_str}])[0]
