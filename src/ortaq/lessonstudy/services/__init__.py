"""What changes a Lesson Study group and its cycles.

``cycles``: the group, the focus, case pupils, plans, interviews, the discussion, the report;
``observation``: the notes written during a research lesson.
"""
