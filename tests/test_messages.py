"""The message catalogue: one catalogue kept in a module an area, every key defined once."""

from importlib import import_module

from tongguan import messages


def test_every_key_is_defined_in_one_area_only():
    parts = [import_module(f"tongguan.messages.{area}").MESSAGES for area in messages._AREAS]
    assert sum(len(p) for p in parts) == len(messages.MESSAGES)


def test_every_message_has_both_languages():
    assert all(zh.strip() and en.strip() for zh, en in messages.MESSAGES.values())
