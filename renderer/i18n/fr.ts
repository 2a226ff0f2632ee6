/**
 * French UI strings: the reference dictionary. Every other language must provide exactly these keys
 * (en.ts is typed against this object, so a missing key is a compile error).
 * Runbook content is never translated: it is the dossier's French text.
 */
import { historyFr } from '../history/messages';
import { runFr } from '../run/messages';
import { serversFr } from '../servers/messages';

export const fr = {
  // Views that keep their strings beside them (same keys check: en.ts must provide them too).
  ...serversFr,
  ...historyFr,
  ...runFr,
  'app.name': 'OC Pizzas Runbook',
  'app.tagline': 'Procédures d’exploitation',
  'nav.label': 'Navigation principale',
  'nav.procedures': 'Procédures',
  'nav.servers': 'Serveurs',
  'nav.history': 'Historique',
  'nav.settings': 'Réglages',
  'nav.skip': 'Aller au contenu',
  'nav.offline': 'Hors ligne · procédures intégrées',

  'search.label': 'Rechercher dans les procédures',
  'search.placeholder': 'Rechercher une étape, une commande…',
  'search.results': 'Résultats de recherche',
  'search.none': 'Aucun résultat pour « {query} ».',
  'search.searching': 'Recherche…',
  'search.count': '{count} résultat(s)',
  'search.error': 'La recherche a échoué : {message}',
  'search.hint': 'Flèches pour choisir, Entrée pour ouvrir, Échap pour fermer',

  'library.title': 'Bibliothèque de procédures',
  'library.intro':
    'Les procédures du dossier d’exploitation, livrées avec l’application. Consultables sans serveur configuré.',
  'library.chapter': 'Chapitre {chapter}',
  'library.chapterRange': 'Chapitres {chapter}',
  'library.otherChapter': 'Autres procédures',
  'library.steps': '{count} étape(s)',
  'library.empty': 'Aucune procédure n’est livrée avec cette version.',
  'library.loading': 'Chargement des procédures…',
  'library.error': 'Impossible de charger les procédures : {message}',
  'library.retry': 'Réessayer',
  'library.servers': 'Serveurs concernés',
  'library.problems': '{count} erreur(s) de relecture',
  'runbook.problems':
    'Cette procédure comporte des erreurs de relecture ; corrigez-les avant de l’exécuter :',

  'runbook.back': 'Toutes les procédures',
  'runbook.outline': 'Plan',
  'runbook.variables': 'Variables',
  'runbook.noVariables': 'Cette procédure n’utilise aucune variable.',
  'runbook.print': 'Imprimer / PDF',
  'runbook.printDone': 'PDF enregistré : {path}',
  'runbook.printFailed': 'Export PDF impossible : {message}',
  'runbook.notFound': 'La procédure « {id} » est introuvable.',
  'runbook.loading': 'Chargement de la procédure…',
  'runbook.chapter': 'Chapitre {chapter}',
  'runbook.stepCount': '{count} étape(s)',
  'runbook.file': 'Fichier source : {file}',

  'step.title': 'Étape {index}',
  'step.target': 'Serveur cible',
  'step.confirm': 'Confirmation requise',
  'step.check': 'Vérification (lecture seule)',
  'step.file': 'Fichier',
  'step.copy': 'Copier',
  // The engine's recorded sentences (renderer/app/recordedText.ts)
  'recorded.skippedUnless': 'déjà fait : sa commande unless a réussi',
  'recorded.skippedOnly': 'hors de la sélection --only',
  'recorded.abortedBy': 'abandonnée par {who}',
  'recorded.stoppedBeforeEnd': 'arrêtée avant la fin',
  'recorded.stoppedAfter': 'arrêtée après l’étape {step}, comme demandé (--to {step})',
  'recorded.adhocClosed': 'terminal ad hoc fermé',
  'step.copied': 'Commande copiée, telle qu’elle sera exécutée.',
  'step.mode': 'mode {mode}',
  'step.owner': 'propriétaire {owner}',
  'step.sudo': 'sudo',
  'step.unless': 'Ignorée si cette commande réussit',
  'step.interactive': 'Interactive',
  'step.expect': 'Codes de sortie acceptés : {codes}',
  'step.timeout': 'Délai : {seconds} s',
  'step.command': 'Commande',
  'step.content': 'Contenu du fichier',

  'var.default': 'défaut : {value}',
  'var.example': 'exemple : {value}',
  'var.pattern': 'format : {pattern}',
  'var.defaultLabel': 'Défaut',
  'var.exampleLabel': 'Exemple',
  'var.patternLabel': 'Format',
  'var.secret': 'secret',
  'var.secretNote': 'Saisie au moment de l’exécution, gardée dans le trousseau.',
  'var.generate': 'générable ({length} caractères)',
  'var.server': 'Champ d’inventaire : {ref}',
  'var.builtin': 'Valeur fournie par l’exécution : {ref}',
  'var.unknown': 'Référence inconnue : {ref}',
  'var.invalid': 'Ne respecte pas le format attendu ({pattern}).',
  'var.valuePlaceholder': 'Valeur pour l’aperçu',
  'var.preview':
    'Les valeurs saisies ici servent seulement à prévisualiser les commandes ; rien n’est enregistré.',
  'var.clear': 'Effacer les valeurs',

  'status.pending': 'en attente',
  'status.running': 'en cours',
  'status.succeeded': 'réussie',
  'status.failed': 'échouée',
  'status.skipped': 'ignorée',
  'status.interrupted': 'interrompue',

  'role.app': 'application',
  'role.db': 'base de données',
  'role.web': 'web & fichiers',
  'role.backup': 'sauvegarde',

  'servers.title': 'Serveurs',
  'servers.soon':
    'La configuration des serveurs (hôtes, comptes SSH, empreintes) arrive avec l’exécution des procédures.',
  'servers.now': 'En attendant, la bibliothèque fonctionne entièrement hors ligne.',
  'history.title': 'Historique',
  'history.soon':
    'Le journal des exécutions apparaîtra ici dès que l’exécution des procédures sera disponible.',
  'history.now': 'Aucune exécution n’a encore été enregistrée sur ce poste.',

  'settings.title': 'Réglages',
  'settings.theme': 'Thème',
  'settings.theme.system': 'Système',
  'settings.theme.light': 'Clair',
  'settings.theme.dark': 'Sombre',
  'settings.language': 'Langue de l’interface',
  'settings.language.auto': 'Système',
  'settings.language.fr': 'Français',
  'settings.language.en': 'English',
  'settings.note': 'Le contenu des procédures reste en français.',
  'settings.saveFailed': 'Réglages non enregistrés : {message}',
  'settings.about': 'Version {version}',
  // Run record signing key (docs/run-records.md): one block, to ease merging.
  'settings.signing': 'Signature des exécutions',
  'settings.signing.intro':
    'Chaque exécution est signée (SSHSIG) par la clé de ce poste, dont la partie privée reste dans le trousseau du système. Pour vérifier un enregistrement avec OpenSSH seul, ajoutez cette ligne à un fichier allowed_signers que vous gardez ailleurs :',
  'settings.signing.fingerprint': 'Empreinte : {fingerprint}',
  'settings.signing.command': 'Vérification :',
  'settings.signing.copy': 'Copier la ligne',
  'settings.signing.copied': 'Ligne allowed_signers copiée',
  'settings.signing.loading': 'Lecture de la clé de signature…',
  'settings.signing.error': 'Clé de signature indisponible : {message}',

  'dialog.close': 'Fermer',
  'toast.dismiss': 'Fermer la notification',
  'notFound.title': 'Page introuvable',
  'notFound.body': 'Cette adresse ne correspond à aucune vue.',

  // Terminal links (renderer/terminal/LinkDialog.tsx): what a link really opens, shown before it is opened.
  'termLink.title': 'Ouvrir ce lien ?',
  'termLink.intro':
    'Le texte affiché dans le terminal peut mener ailleurs que ce qu’il annonce. Ce lien mène réellement à :',
  'termLink.fullUrl': 'Adresse complète',
  'termLink.open': 'Ouvrir',
  'termLink.copy': 'Copier l’adresse',
  'termLink.copied': 'Adresse copiée.',
  'termLink.cancel': 'Annuler',
  'termLink.refusedTitle': 'Lien refusé',
  'termLink.refusedScheme':
    'Les liens « {scheme} » ne sont pas ouverts : seuls http, https et mailto le sont.',
  'termLink.refusedInvalid': 'Ce lien n’est pas une adresse valide ; il n’est pas ouvert.',
  'termLink.raw': 'Texte du lien',
  // The connection to the app's backend (browser mode; docs/runs-and-connections.md)
  'conn.lost': 'Connexion à l’application perdue',
  'conn.lostBody':
    'Le serveur de l’application ne répond plus (npm run web arrêté ?). Aucune action n’est possible avant son retour ; s’il a été relancé, ouvrez le nouveau lien qu’il a affiché.',
  'conn.retryIn': 'Nouvelle tentative dans {seconds} s.',
  'conn.retrying': 'Tentative de reconnexion…',
  'conn.reconnect': 'Reconnecter',
  'error.disconnected': 'Connexion à l’application perdue : l’action n’a pas été faite.',
} as const;

export type MessageKey = keyof typeof fr;
export type Dictionary = Record<MessageKey, string>;
