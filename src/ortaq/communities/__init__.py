"""Professional learning circles, their meetings and discussions, and teacher-led development
projects."""
