/**
 * Steps the rehearsal deliberately does not run, with the reason. Every other step of every runbook must be
 * run by some stage of the rehearsal (succeeded, or skipped by its `unless`): rehearsal.test.ts checks it.
 * Manual steps (`- [ ]`) are auto-ticked by `--yes` but not performed, so they are all listed here.
 * Keys are "<runbook id>/<step name>".
 */
const MANUAL = 'manual step: the engineer does it; --yes only ticks it';

export const NOT_IN_LAB: Record<string, string> = {
  'deploiement/manual-pare-feu-du-serveur-db-n-ouvrir-le-port': 'firewall: manual (one machine in the lab)',
  'deploiement/manual-le-dossier-web-root-static-du-serveur':
    'shared static folder: app and web are the same machine in the lab',
  'deploiement/manual-pare-feu-du-serveur-app-n-ouvrir-le-port': 'firewall: manual (one machine in the lab)',
  'deploiement/manual-le-dns-de-domain-pointe-vers-le-serveur':
    'DNS and TLS certificate: no public DNS in the lab (Host header used instead)',
  // Its read-only check steps run with --only; these two prepare and do the upgrade.
  'mise-a-jour-postgresql/backup-before-upgrade':
    'prepares the upgrade below (the rehearsal runs only the read-only checks of this runbook, with --only)',
  'mise-a-jour-postgresql/upgrade':
    'would upgrade and restart the machine-wide PostgreSQL packages (other tests use them)',
  'mise-a-jour-postgresql/manual-installer-la-nouvelle-version-apt-get':
    'major upgrade: manual, needs a second PostgreSQL version',
  'mise-a-jour-postgresql/manual-reporter-conf-d-oc-pizzas-conf-et-la':
    'major upgrade: manual, needs a second PostgreSQL version',
  'mise-a-jour-front/manual-identifier-la-bibliotheque-vulnerable-et': MANUAL,
  'mise-a-jour-front/manual-deployer-l-etiquette-avec-le-runbook': 'done by the mise-a-jour stage',
  'supervision/app-gitignore': 'runbook not run (see app-sentry-sdk)',
  'supervision/app-sentry-sdk':
    'sentry-sdk is not in the lab venv: no PyPI (python3-sentry-sdk would need an extra Debian install)',
  'supervision/app-supervision-settings': 'imports sentry_sdk, not installed in the lab',
  'supervision/app-supervision-owner': 'follows app-supervision-settings',
  'supervision/app-restart': 'follows app-supervision-settings',
  'supervision/manual-envoyer-un-evenement-de-test-depuis': 'needs a real Sentry project and mail server',
  'supervision/node-exporter-app':
    'installs Debian packages; the exporter listens on a fixed port shared with other tests',
  'supervision/node-exporter-db':
    'installs Debian packages; the exporter listens on a fixed port shared with other tests',
  'supervision/node-exporter-web':
    'installs Debian packages; the exporter listens on a fixed port shared with other tests',
  'supervision/node-exporter-backup':
    'installs Debian packages; the exporter listens on a fixed port shared with other tests',
  'supervision/manual-pare-feu-le-port-node-exporter-port-de': 'firewall: manual',
  'supervision/prometheus-install': 'installs the prometheus Debian package (large download)',
  'supervision/prometheus-config': 'follows prometheus-install',
  'supervision/prometheus-restart': 'follows prometheus-install',
  'supervision/prometheus-targets': 'follows prometheus-install',
  'supervision/manual-installer-grafana-depuis-le-depot-apt':
    'Grafana APT repository not reachable from here',
  'supervision/manual-dans-grafana-ajouter-la-source': 'Grafana not installed',
  'restauration/manual-communiquer-les-nouveaux-mots-de-passe': MANUAL,
  'restauration/manual-apres-enquete-supprimer-la-base-db-name': MANUAL,
  'restauration/manual-installer-sur-le-serveur-de-sauvegarde': 'failover: manual',
  'restauration/manual-lancer-le-runbook-deploiement-avec-un': 'failover: manual',
  'restauration/manual-restaurer-production-py-depuis-la': 'failover: manual',
  'restauration/manual-abaisser-le-ttl-de-l-enregistrement-dns': 'DNS switch: manual, no DNS in the lab',
  'restauration/manual-au-retour-du-serveur-principal': 'failover: manual',
};
