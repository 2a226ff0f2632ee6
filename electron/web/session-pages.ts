/**
 * The pages of the browser-mode host that are not the app: the link's landing page, which trades the
 * one-time token for a session and leaves, and the page shown to a browser without a session. Both are tiny,
 * built here rather than by Vite, and bilingual (the app's language setting needs a session to be read).
 * No inline script (the CSP forbids it): the landing page's logic is /session.js.
 */

/** The path the printed link points to: http://127.0.0.1:PORT/session#token=… */
export const SESSION_PATH = '/session';
export const SESSION_SCRIPT_PATH = '/session.js';

const HEAD = `<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>OC Pizzas Runbook</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:4rem auto;padding:0 1rem}code{font-size:.95em}</style>`;

const RESTART_EN =
  'Use the newest link that <code>npm run web</code> printed in its terminal (it prints a fresh one each time a link is used), or stop it and start <code>npm run web</code> again.';
const RESTART_FR =
  'Ouvrez le dernier lien affiché par <code>npm run web</code> dans son terminal (il en affiche un nouveau à chaque lien utilisé), ou arrêtez-le et relancez <code>npm run web</code>.';

/**
 * The landing page. Its script (SESSION_SCRIPT) shows one of the hidden sections when the exchange fails.
 * The favicon is inline ("data:,") so that no icon is fetched and recorded for the link's address.
 */
export const LANDING_PAGE = `<!doctype html>
<html lang="en">
<head>
${HEAD}
<script src="${SESSION_SCRIPT_PATH}" defer></script>
</head>
<body>
<main>
<p id="opening">Opening the session… · Ouverture de la session…</p>
<section id="used" hidden>
<h1>This link was already used</h1>
<p>A link of the browser mode opens one browser session, once, so that a copy left in a browser's history opens nothing. ${RESTART_EN}</p>
<h1 lang="fr">Ce lien a déjà servi</h1>
<p lang="fr">Un lien du mode navigateur n’ouvre qu’une session, une seule fois : une copie restée dans l’historique d’un navigateur n’ouvre rien. ${RESTART_FR}</p>
</section>
<section id="unknown" hidden>
<h1>This link is not valid for this host</h1>
<p>It was not printed by the <code>npm run web</code> that is running now (it was restarted, or the link is incomplete). ${RESTART_EN}</p>
<h1 lang="fr">Ce lien n’est pas valable pour ce serveur</h1>
<p lang="fr">Il n’a pas été affiché par le <code>npm run web</code> en cours (il a été relancé, ou le lien est incomplet). ${RESTART_FR}</p>
</section>
<section id="unreachable" hidden>
<h1>The runbook host does not answer</h1>
<p>Is <code>npm run web</code> still running? ${RESTART_EN}</p>
<h1 lang="fr">Le serveur ne répond pas</h1>
<p lang="fr"><code>npm run web</code> tourne-t-il encore ? ${RESTART_FR}</p>
</section>
</main>
</body>
</html>
`;

/** The app's address without a session (no cookie, or one of an earlier host process). */
export const NO_SESSION_PAGE = `<!doctype html>
<html lang="en">
<head>
${HEAD}
</head>
<body>
<main>
<h1>No session in this browser</h1>
<p>Open the link printed by <code>npm run web</code> (<code>http://127.0.0.1:PORT/session#token=…</code>). ${RESTART_EN}</p>
<h1 lang="fr">Pas de session dans ce navigateur</h1>
<p lang="fr">Ouvrez le lien affiché par <code>npm run web</code> (<code>http://127.0.0.1:PORT/session#token=…</code>). ${RESTART_FR}</p>
</main>
</body>
</html>
`;

/**
 * The landing page's script: reads the token from the fragment (never sent in a request line, so never in
 * a log), drops it from the address at once, trades it for the session cookie, then replaces this history
 * entry with the app. Without a token (a bookmark of /session, an app route such as /session#/runs/x) it just
 * goes on to the app, which has a session or says how to get one.
 */
export const SESSION_SCRIPT = `'use strict';
(function () {
  var hash = location.hash;
  var match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash);
  if (!match) {
    location.replace('/' + hash);
    return;
  }
  history.replaceState(null, '', location.pathname);
  function show(id) {
    document.getElementById('opening').hidden = true;
    document.getElementById(id).hidden = false;
  }
  fetch(${JSON.stringify(SESSION_PATH)}, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: match[1],
    credentials: 'same-origin',
    cache: 'no-store',
  })
    .then(function (res) {
      return res.json().then(function (body) {
        if (res.ok && body.ok) location.replace('/');
        else show(body.reason === 'used' ? 'used' : 'unknown');
      });
    })
    .catch(function () {
      show('unreachable');
    });
})();
`;
