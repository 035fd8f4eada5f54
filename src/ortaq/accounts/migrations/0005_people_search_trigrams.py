from django.db import migrations

from ortaq.core.search import trigram_indexes

# Searching people by name or e-mail (``icontains``) at national size: trigram indexes of what
# it reads, on PostgreSQL only (``ortaq.core.search``). About 4 s and 26 MB for 400,000 people.


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_list_indexes")]

    operations = trigram_indexes("accounts_user", ["email", "last_name", "first_name"])
