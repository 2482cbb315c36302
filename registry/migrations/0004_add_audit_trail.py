"""Audit trail: append-only audit events and the links that seal them into hash chains.

The PostgreSQL triggers that protect both tables are in 0005_protect_audit_trail.
"""

import django.db.models.deletion
import registry.models.audit
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_add_transfer_attempt'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField(verbose_name='time')),
                ('actor_type', models.CharField(choices=[('user', 'user'), ('service_client', 'service client'), ('citizen', 'citizen'), ('authority_client', 'authority client'), ('anonymous', 'anonymous visitor'), ('system', 'system')], max_length=32, verbose_name='actor type')),
                ('actor_id', models.CharField(blank=True, help_text="User ID, client ID, or the citizen's learner OID.", max_length=64, verbose_name='actor ID')),
                ('actor_name', models.CharField(blank=True, help_text='User or client name when the event was recorded; empty for citizens.', max_length=150, verbose_name='actor name')),
                ('action', models.CharField(choices=[('learner.read', 'learner read'), ('learner.write', 'learner changed'), ('study_right.read', 'study right read'), ('study_right.write', 'study right written'), ('study_right.invalidate', 'study right invalidated'), ('history.read', 'version history read'), ('transfer_log.read', 'transfer log read'), ('admin.view', 'admin page viewed'), ('citizen.own_record.view', 'own record viewed by the citizen'), ('citizen.transcript.download', 'transcript downloaded by the citizen'), ('citizen.data.download', 'own data downloaded by the citizen'), ('citizen.access_log.view', 'access log viewed by the citizen'), ('share_link.create', 'share link created'), ('share_link.revoke', 'share link revoked'), ('share_link.view', 'shared achievements viewed'), ('disclosure', 'data disclosed to an authority'), ('export', 'data exported'), ('audit_trail.read', 'audit trail read'), ('audit.retention', 'expired audit events removed')], max_length=64, verbose_name='action')),
                ('learner_oid', models.CharField(blank=True, max_length=64, verbose_name='learner OID')),
                ('study_right_oid', models.CharField(blank=True, max_length=64, verbose_name='study right OID')),
                ('organisation_oid', models.CharField(blank=True, max_length=64, verbose_name='organisation OID')),
                ('agreement_id', models.CharField(blank=True, max_length=64, verbose_name='data-sharing agreement')),
                ('request_id', models.CharField(blank=True, max_length=64, verbose_name='request ID')),
                ('details', models.JSONField(blank=True, default=dict, verbose_name='details')),
                ('chain', models.CharField(help_text='Partition whose hash chain the event joins: its month in UTC, YYYY-MM.', max_length=16, verbose_name='chain')),
                ('transaction_id', models.BigIntegerField(blank=True, db_default=registry.models.audit.CurrentTransactionId(), editable=False, help_text='PostgreSQL transaction that inserted the event; orders the chain.', null=True, verbose_name='database transaction')),
            ],
            options={
                'verbose_name': 'audit event',
                'verbose_name_plural': 'audit events',
                'indexes': [models.Index(fields=['chain', 'transaction_id', 'id'], name='audit_event_chain_order'), models.Index(fields=['learner_oid', '-occurred_at'], name='audit_event_learner'), models.Index(condition=models.Q(('action', 'audit.retention')), fields=['id'], name='audit_event_retention_runs')],
            },
        ),
        migrations.CreateModel(
            name='AuditLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.CharField(max_length=16, verbose_name='chain')),
                ('sequence', models.PositiveBigIntegerField(verbose_name='sequence number')),
                ('previous_hash', models.CharField(max_length=64, verbose_name='previous hash')),
                ('hash', models.CharField(max_length=64, verbose_name='hash')),
                ('sealed_at', models.DateTimeField(verbose_name='sealed')),
                ('event', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='link', to='registry.auditevent', verbose_name='audit event')),
            ],
            options={
                'verbose_name': 'audit chain link',
                'verbose_name_plural': 'audit chain links',
                'constraints': [models.UniqueConstraint(fields=('chain', 'sequence'), name='audit_link_unique_sequence')],
            },
        ),
    ]
