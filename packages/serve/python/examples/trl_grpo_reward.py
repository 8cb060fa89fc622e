"""A TRL `GRPOTrainer` reward function backed by `blade serve`.

TRL calls reward functions with the prompts, the completions and every extra dataset column as
keyword arguments; here the dataset has a `context` column: {"id", "relevant", "history"} per prompt.

    from trl import GRPOConfig, GRPOTrainer
    trainer = GRPOTrainer(model=..., reward_funcs=[blade_reward], args=GRPOConfig(num_generations=8), train_dataset=ds)

Returns the objective's value of each generated list ("1. Title ..." grounded to the catalog). For
BLADE's non-saturating target use `blade_advantage` instead: TRL then normalises it within the group
as it does any reward (set `scale_rewards=False` to keep BLADE's scale).
"""
import os

from bladerec_client import BladeClient

client = BladeClient(os.environ.get("BLADE_SERVE_URL", "http://127.0.0.1:8470"), token=os.environ.get("BLADE_SERVE_TOKEN"))


def completion_text(completion):
    # conversational datasets give [{"role": "assistant", "content": ...}]
    return completion[0]["content"] if isinstance(completion, list) else completion


def blade_reward(prompts, completions, context, **kwargs):
    lists = [{"context": c, "text": completion_text(x)} for c, x in zip(context, completions)]
    return client.total_rewards(lists)


def blade_advantage(prompts, completions, context, **kwargs):
    return client.group_advantages(context, [completion_text(x) for x in completions])
