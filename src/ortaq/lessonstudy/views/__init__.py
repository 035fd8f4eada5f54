"""Pages of Lesson Study groups.

``cycles``: the group and each step of a cycle; ``observation``: the observer's page during a
research lesson.
"""
