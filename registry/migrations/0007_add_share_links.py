# The share links of citizens (suoritusjako) and the audit actions of their pages.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_add_role_grants_and_linked_institution'),
    ]

    operations = [
        migrations.CreateModel(
            name='ShareLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('learner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='share_links', to='registry.learner', verbose_name='learner')),
                ('secret_hash', models.CharField(max_length=64, unique=True, verbose_name='secret hash')),
                ('purpose', models.CharField(choices=[('share', 'share link'), ('transcript', 'transcript verification')], default='share', max_length=16, verbose_name='purpose')),
                ('selection', models.CharField(choices=[('chosen', 'chosen study rights and achievements'), ('completed_qualifications', 'all completed qualifications')], max_length=32, verbose_name='selection')),
                ('study_right_oids', models.JSONField(blank=True, default=list, verbose_name='study rights')),
                ('achievements', models.JSONField(blank=True, default=list, verbose_name='top-level achievements')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('expires_on', models.DateField(verbose_name='valid until')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                ('view_count', models.PositiveIntegerField(default=0, verbose_name='views')),
                ('last_viewed_at', models.DateTimeField(blank=True, null=True, verbose_name='last viewed')),
            ],
            options={
                'verbose_name': 'share link',
                'verbose_name_plural': 'share links',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['learner', '-created_at'], name='share_link_learner_recent')],
            },
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('learner.read', 'learner read'), ('learner.write', 'learner changed'), ('study_right.read', 'study right read'), ('study_right.write', 'study right written'), ('study_right.invalidate', 'study right invalidated'), ('history.read', 'version history read'), ('transfer_log.read', 'transfer log read'), ('admin.view', 'admin page viewed'), ('citizen.own_record.view', 'own record viewed by the citizen'), ('citizen.transcript.download', 'transcript downloaded by the citizen'), ('citizen.data.download', 'own data downloaded by the citizen'), ('citizen.access_log.view', 'access log viewed by the citizen'), ('share_link.create', 'share link created'), ('share_link.revoke', 'share link revoked'), ('share_link.extend', 'share link extended'), ('citizen.share_links.view', 'share links viewed by the citizen'), ('share_link.view', 'shared achievements viewed'), ('disclosure', 'data disclosed to an authority'), ('export', 'data exported'), ('audit_trail.read', 'audit trail read'), ('audit.retention', 'expired audit events removed')], max_length=64, verbose_name='action'),
        ),
    ]
