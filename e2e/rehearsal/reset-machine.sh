#!/usr/bin/env bash
# Removes what a previous rehearsal left on this disposable machine, so that every rehearsal is a first
# deployment. Only the oc-pizzas paths, users and configuration files the runbooks create (see docs/rehearsal.md).
set -u
supervisorctl stop oc-pizzas-gunicorn >/dev/null 2>&1 || true
rm -f /etc/supervisor/conf.d/oc-pizzas-gunicorn.conf
supervisorctl reread >/dev/null 2>&1 && supervisorctl update >/dev/null 2>&1 || true
rm -f /etc/nginx/sites-enabled/oc-pizzas /etc/nginx/sites-available/oc-pizzas
pgrep -x nginx >/dev/null && nginx -s reload 2>/dev/null || true
rm -rf /srv/oc-pizzas /var/www/oc-pizzas /srv/sauvegardes/oc-pizzas /var/log/oc-pizzas /etc/oc-pizzas \
  /var/lib/oc-pizzas-sauvegarde /var/lib/oc-pizzas-depot /var/backups/oc-pizzas
rm -f /usr/local/bin/oc-pizzas-depot /usr/local/sbin/oc-pizzas-sauvegarde-db /usr/local/sbin/oc-pizzas-sauvegarde-app \
  /etc/cron.d/oc-pizzas-sauvegarde /etc/cron.d/oc-pizzas-sauvegarde-app /etc/cron.d/oc-pizzas-rotation \
  /var/tmp/oc-pizzas-restauration.debut /var/log/oc-pizzas-sauvegarde.log
for u in ocpizzas ocpizzas-sauvegarde ocpizzas-depot ocpizzas-admin-lab; do
  id -u "$u" >/dev/null 2>&1 && userdel "$u" >/dev/null 2>&1
done
exit 0
