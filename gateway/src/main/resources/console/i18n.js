// Every string the console shows, in English and French. The chosen language is remembered (localStorage).
const STRINGS = {
  en: {
    'app.title': 'Issue Desk console',
    'app.skip': 'Skip to the queue',
    'lang.toggle': 'Français',
    'lang.toggle.label': 'Afficher la console en français',
    'signin.heading': 'Sign in',
    'signin.intro': 'Enter your API key. It is kept in this browser tab only and sent to the gateway with each request.',
    'signin.key': 'API key',
    'signin.submit': 'Sign in',
    'signin.out': 'Sign out',
    'signin.as': 'Signed in as {name}',
    'signin.roles': 'Roles: {roles}',
    'signin.teams': 'Teams: {teams}',
    'signin.allTeams': 'all teams',
    'signin.noTeams': 'This key reaches no team queue.',
    'signin.ssoIntro': 'Or with your organisation\'s account:',
    'signin.sso': 'Sign in with your organisation',
    'signin.ssoFailed': 'Single sign-on did not succeed',
    'signin.ssoFailedDetail': 'Your organisation\'s sign-in was not completed. Try again, or sign in with an API key.',
    'queue.heading': 'Queue',
    'queue.filters': 'Filters',
    'queue.team': 'Team',
    'queue.status': 'Status',
    'queue.kind': 'Kind',
    'queue.language': 'Language',
    'queue.assignee': 'Assignee',
    'queue.policyFile': 'Policy file',
    'queue.any': 'Any',
    'queue.active': 'Not resolved',
    'queue.unclaimed': 'Waiting for someone (open, assigned)',
    'queue.mine': 'Me',
    'queue.nobody': 'Nobody',
    'queue.live': 'live',
    'queue.polling': 'refreshed every 5 s',
    'queue.refresh': 'Refresh',
    'queue.updated': 'Updated {time}',
    'queue.paused': 'Live updates paused while the tab is hidden',
    'queue.empty': 'No case matches these filters.',
    'queue.count': '{count} case(s)',
    'queue.new': '{count} new case(s) in the queue',
    'queue.col.priority': 'Priority · SLA',
    'queue.col.due': 'SLA',
    'queue.col.post': 'Post',
    'queue.col.tags': 'Tags',
    'queue.col.status': 'Status · assignee',
    'queue.col.assignee': 'Assignee',
    'queue.col.team': 'Team',
    'queue.open': 'Open case',
    'sla.dueIn': 'due in {time}',
    'sla.overdue': 'overdue by {time}',
    'sla.met': 'answered',
    'sla.done': 'resolved',
    'case.heading': 'Case',
    'case.none': 'Select a case in the queue to see it here.',
    'case.close': 'Close case',
    'case.post': 'Post',
    'case.original': 'Open the original post',
    'case.by': 'by {author} on {platform}, {time}',
    'case.tags': 'Tags',
    'case.confidence': '{tag}: confidence {value}',
    'case.evidence': 'Evidence',
    'case.noEvidence': 'No evidence given.',
    'case.tagsNote': 'Confidence and evidence: the classifier\'s reading the case was routed on ({version}, {time}).',
    'case.tagsChanged': 'Confidence and evidence: the classifier\'s reading the case was first routed on ({version}, {time}); its tags were changed since by a reroute.',
    'case.routing': 'Why this team',
    'case.routedTo': 'Routed to {team}, priority {priority}, due {due}',
    'case.history': 'History',
    'case.actions': 'Actions',
    'case.status': 'Status',
    'case.assignee': 'Assignee',
    'case.nobody': 'nobody',
    'action.claim': 'Claim',
    'action.approve': 'Approve the response',
    'action.respond': 'Respond',
    'action.respond.en': 'Response in English',
    'action.respond.fr': 'Response in French',
    'action.respond.channel': 'Channel',
    'action.respond.link': 'Link to the published response',
    'action.respond.submit': 'Record the response',
    'action.resolve': 'Resolve',
    'action.resolve.resolution': 'Resolution',
    'action.resolve.submit': 'Resolve the case',
    'action.reroute': 'Reroute',
    'action.reroute.policyFile': 'Policy file',
    'action.reroute.team': 'Team',
    'action.reroute.kind': 'Issue kind',
    'action.reroute.reason': 'Reason (teaches the classifier)',
    'action.reroute.submit': 'Reroute the case',
    'action.reroute.unchanged': 'Unchanged',
    'action.note': 'Note',
    'action.note.text': 'Note for the team',
    'action.note.submit': 'Add the note',
    'action.done': 'Done: {action}.',
    'alerts.heading': 'Emerging issues',
    'alerts.none': 'No open or growing alert for your teams\' files.',
    'alerts.item': '{file}: {count} posts (usually {baseline})',
    'alerts.open': 'Open its case',
    'alertState.open': 'open', 'alertState.updated': 'growing', 'alertState.closed': 'over',
    'emerging.badge': 'Emerging issue',
    'emerging.raised': 'Surge alert {alertId} ({state}), raised by the surge detector, {time}',
    'emerging.partOf': 'Part of emerging issue {alertId} ({state})',
    'emerging.open': 'Open the emerging issue',
    'emerging.linked': 'Linked cases ({count})',
    'emerging.noLinked': 'No linked case yet.',
    'emerging.more': 'Show more linked cases',
    'error.title': 'Something went wrong',
    'error.network': 'The gateway could not be reached. Check your connection and try again.',
    'error.unauthorized': 'Your key or session was not accepted. Sign in again.',
    'error.field': '{field}: {message}',
    'dismiss': 'Dismiss',
    'loading': 'Loading…',
    'status.open': 'open', 'status.assigned': 'assigned', 'status.claimed': 'claimed',
    'status.awaiting-approval': 'awaiting approval', 'status.responded': 'responded', 'status.resolved': 'resolved',
    'priority.urgent': 'urgent', 'priority.high': 'high', 'priority.normal': 'normal', 'priority.low': 'low',
    'kind.question': 'question', 'kind.complaint': 'complaint', 'kind.misinformation': 'misinformation',
    'kind.praise': 'praise', 'kind.other': 'other',
    'language.en': 'English', 'language.fr': 'French',
    'event.routed': 'Routed', 'event.assigned': 'Assigned', 'event.claimed': 'Claimed', 'event.responded': 'Responded',
    'event.approved': 'Approved', 'event.resolved': 'Resolved', 'event.rerouted': 'Rerouted',
    'event.escalated': 'Escalated', 'event.noted': 'Note',
    'detail.reason': 'reason', 'detail.priority': 'priority', 'detail.dueBy': 'due', 'detail.firstActing': 'acts first',
    'detail.assignee': 'assignee', 'detail.previousAssignee': 'previous assignee', 'detail.textEn': 'English',
    'detail.textFr': 'French', 'detail.channel': 'channel', 'detail.link': 'link', 'detail.approval': 'approval',
    'detail.resolution': 'resolution', 'detail.fromTeam': 'from team', 'detail.toTeam': 'to team',
    'detail.fromPolicyFile': 'from file', 'detail.toPolicyFile': 'to file', 'detail.fromIssueKind': 'from kind',
    'detail.toIssueKind': 'to kind', 'detail.text': 'note', 'detail.notify': 'notified',
    'policy.none': 'no policy file',
  },
  fr: {
    'app.title': 'Console du Bureau des enjeux',
    'app.skip': 'Aller à la file',
    'lang.toggle': 'English',
    'lang.toggle.label': 'Show the console in English',
    'signin.heading': 'Connexion',
    'signin.intro': 'Entrez votre clé d\'API. Elle reste dans cet onglet seulement et accompagne chaque requête à la passerelle.',
    'signin.key': 'Clé d\'API',
    'signin.submit': 'Se connecter',
    'signin.out': 'Se déconnecter',
    'signin.as': 'Connecté·e : {name}',
    'signin.roles': 'Rôles : {roles}',
    'signin.teams': 'Équipes : {teams}',
    'signin.allTeams': 'toutes les équipes',
    'signin.noTeams': 'Cette clé n\'ouvre aucune file d\'équipe.',
    'signin.ssoIntro': 'Ou avec le compte de votre organisation :',
    'signin.sso': 'Se connecter avec votre organisation',
    'signin.ssoFailed': 'La connexion unique n\'a pas abouti',
    'signin.ssoFailedDetail': 'La connexion par votre organisation n\'a pas été menée à terme. Réessayez, ou connectez-vous avec une clé d\'API.',
    'queue.heading': 'File',
    'queue.filters': 'Filtres',
    'queue.team': 'Équipe',
    'queue.status': 'État',
    'queue.kind': 'Type',
    'queue.language': 'Langue',
    'queue.assignee': 'Responsable',
    'queue.policyFile': 'Dossier',
    'queue.any': 'Tous',
    'queue.active': 'Non réglés',
    'queue.unclaimed': 'En attente de quelqu\'un (ouverts, assignés)',
    'queue.mine': 'Moi',
    'queue.nobody': 'Personne',
    'queue.live': 'en direct',
    'queue.polling': 'actualisé toutes les 5 s',
    'queue.refresh': 'Actualiser',
    'queue.updated': 'Mis à jour à {time}',
    'queue.paused': 'Mises à jour en pause tant que l\'onglet est masqué',
    'queue.empty': 'Aucun cas ne correspond à ces filtres.',
    'queue.count': '{count} cas',
    'queue.new': '{count} nouveau(x) cas dans la file',
    'queue.col.priority': 'Priorité · délai',
    'queue.col.due': 'Délai',
    'queue.col.post': 'Publication',
    'queue.col.tags': 'Étiquettes',
    'queue.col.status': 'État · responsable',
    'queue.col.assignee': 'Responsable',
    'queue.col.team': 'Équipe',
    'queue.open': 'Ouvrir le cas',
    'sla.dueIn': 'échéance dans {time}',
    'sla.overdue': 'en retard de {time}',
    'sla.met': 'répondu',
    'sla.done': 'réglé',
    'case.heading': 'Cas',
    'case.none': 'Choisissez un cas dans la file pour l\'afficher ici.',
    'case.close': 'Fermer le cas',
    'case.post': 'Publication',
    'case.original': 'Ouvrir la publication d\'origine',
    'case.by': 'par {author} sur {platform}, {time}',
    'case.tags': 'Étiquettes',
    'case.confidence': '{tag} : confiance {value}',
    'case.evidence': 'Indices',
    'case.noEvidence': 'Aucun indice fourni.',
    'case.tagsNote': 'Confiance et indices : la lecture du classificateur sur laquelle le cas a été acheminé ({version}, {time}).',
    'case.tagsChanged': 'Confiance et indices : la lecture du classificateur sur laquelle le cas a d\'abord été acheminé ({version}, {time}); ses étiquettes ont changé depuis, par un réacheminement.',
    'case.routing': 'Pourquoi cette équipe',
    'case.routedTo': 'Acheminé à {team}, priorité {priority}, échéance {due}',
    'case.history': 'Historique',
    'case.actions': 'Actions',
    'case.status': 'État',
    'case.assignee': 'Responsable',
    'case.nobody': 'personne',
    'action.claim': 'Prendre en charge',
    'action.approve': 'Approuver la réponse',
    'action.respond': 'Répondre',
    'action.respond.en': 'Réponse en anglais',
    'action.respond.fr': 'Réponse en français',
    'action.respond.channel': 'Canal',
    'action.respond.link': 'Lien vers la réponse publiée',
    'action.respond.submit': 'Enregistrer la réponse',
    'action.resolve': 'Régler',
    'action.resolve.resolution': 'Règlement',
    'action.resolve.submit': 'Régler le cas',
    'action.reroute': 'Réacheminer',
    'action.reroute.policyFile': 'Dossier',
    'action.reroute.team': 'Équipe',
    'action.reroute.kind': 'Type d\'enjeu',
    'action.reroute.reason': 'Raison (instruit le classificateur)',
    'action.reroute.submit': 'Réacheminer le cas',
    'action.reroute.unchanged': 'Inchangé',
    'action.note': 'Note',
    'action.note.text': 'Note pour l\'équipe',
    'action.note.submit': 'Ajouter la note',
    'action.done': 'Fait : {action}.',
    'alerts.heading': 'Enjeux émergents',
    'alerts.none': 'Aucune alerte ouverte ou en hausse sur les dossiers de vos équipes.',
    'alerts.item': '{file} : {count} publications (d\'habitude {baseline})',
    'alerts.open': 'Ouvrir son cas',
    'alertState.open': 'ouverte', 'alertState.updated': 'en hausse', 'alertState.closed': 'terminée',
    'emerging.badge': 'Enjeu émergent',
    'emerging.raised': 'Alerte de hausse {alertId} ({state}), levée par le détecteur de hausses, {time}',
    'emerging.partOf': 'Fait partie de l\'enjeu émergent {alertId} ({state})',
    'emerging.open': 'Ouvrir l\'enjeu émergent',
    'emerging.linked': 'Cas liés ({count})',
    'emerging.noLinked': 'Aucun cas lié pour l\'instant.',
    'emerging.more': 'Afficher plus de cas liés',
    'error.title': 'Un problème est survenu',
    'error.network': 'La passerelle est injoignable. Vérifiez votre connexion et réessayez.',
    'error.unauthorized': 'Votre clé ou votre session n\'a pas été acceptée. Reconnectez-vous.',
    'error.field': '{field} : {message}',
    'dismiss': 'Fermer',
    'loading': 'Chargement…',
    'status.open': 'ouvert', 'status.assigned': 'attribué', 'status.claimed': 'pris en charge',
    'status.awaiting-approval': 'en attente d\'approbation', 'status.responded': 'répondu', 'status.resolved': 'réglé',
    'priority.urgent': 'urgente', 'priority.high': 'haute', 'priority.normal': 'normale', 'priority.low': 'basse',
    'kind.question': 'question', 'kind.complaint': 'plainte', 'kind.misinformation': 'désinformation',
    'kind.praise': 'éloge', 'kind.other': 'autre',
    'language.en': 'anglais', 'language.fr': 'français',
    'event.routed': 'Acheminé', 'event.assigned': 'Attribué', 'event.claimed': 'Pris en charge', 'event.responded': 'Répondu',
    'event.approved': 'Approuvé', 'event.resolved': 'Réglé', 'event.rerouted': 'Réacheminé',
    'event.escalated': 'Escaladé', 'event.noted': 'Note',
    'detail.reason': 'raison', 'detail.priority': 'priorité', 'detail.dueBy': 'échéance', 'detail.firstActing': 'agit d\'abord',
    'detail.assignee': 'responsable', 'detail.previousAssignee': 'responsable précédent', 'detail.textEn': 'anglais',
    'detail.textFr': 'français', 'detail.channel': 'canal', 'detail.link': 'lien', 'detail.approval': 'approbation',
    'detail.resolution': 'règlement', 'detail.fromTeam': 'de l\'équipe', 'detail.toTeam': 'à l\'équipe',
    'detail.fromPolicyFile': 'du dossier', 'detail.toPolicyFile': 'au dossier', 'detail.fromIssueKind': 'du type',
    'detail.toIssueKind': 'au type', 'detail.text': 'note', 'detail.notify': 'avisés',
    'policy.none': 'aucun dossier',
  },
};

const STORAGE_KEY = 'issuedesk.lang';
let current = ['en', 'fr'].includes(localStorage.getItem(STORAGE_KEY)) ? localStorage.getItem(STORAGE_KEY)
  : (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === 'fr' ? 'fr' : 'en';
  localStorage.setItem(STORAGE_KEY, current);
  document.documentElement.lang = current;
  translate(document);
}

/** The string for key in the current language, with {name} placeholders filled; the key itself if unknown. */
export function t(key, values = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** A value's label (status.open → "open"), or the value itself when there is no translation. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  return key in STRINGS.en ? t(key) : String(value ?? '');
}

/** Fills data-i18n (text), data-i18n-label (aria-label) and data-i18n-placeholder under root. */
export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  root.querySelectorAll('[data-i18n-title]').forEach((el) => el.setAttribute('title', t(el.dataset.i18nTitle)));
  document.title = t('app.title');
}

/** A date and time in the current language. */
export function when(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(current === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(iso));
}

/** A duration in milliseconds, short: 2 h 05 min, 45 min, 30 s. */
export function duration(ms) {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return current === 'fr' ? `${d} j ${h} h` : `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

export function keys(languageCode) {
  return Object.keys(STRINGS[languageCode]);
}
