#!/usr/bin/env python3
"""Write a marche site of N bilingual opportunities shaped like a real one.

    gensite.py N REPO [--seed S] [--source DIR] [--hugo DIR] [--floor DIR]

REPO becomes a Git repository whose history is built with one
`git fast-import` run: a first commit holding the source tree's site/,
_layouts/, _data/ and assets/, then one commit per posting, amendments
and questions with their answers while opportunities are open,
cancellations, and weekly commits that award and complete the ones that
closed (by their selection dates), at dates moving forward and ending on
2026-11-30.  The same seed
and N always give the same commits.

--hugo DIR writes the final content as a Hugo site (content/en,
content/fr, a small theme); --floor DIR writes every Markdown text the
marche build renders, one file per page, for the parse-only floor.
Prints one line of figures (commits, files, words) on success.
"""
import datetime as dt
import os
import posixpath
import random
import re
import subprocess
import sys
import unicodedata
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("America/Toronto")
END = dt.datetime(2026, 11, 30, 17, 0, tzinfo=ZONE)
NOW = "2026-12-01T12:00:00-05:00"	# the moment every run builds for
SOURCE_DIRS = ("site", "_layouts", "_data", "assets")
PEOPLE = [("Amélie Roy", "amelie.roy@example.gc.ca"),
          ("Daniel Okafor", "daniel.okafor@example.gc.ca"),
          ("Sophie Tremblay", "sophie.tremblay@example.gc.ca"),
          ("Marc Lavoie", "marc.lavoie@example.gc.ca"),
          ("Priya Nair", "priya.nair@example.gc.ca")]

# Sentence parts.  Each language has its own, so the French text is not
# a word-for-word copy of the English and has its own length.
EN = {
    "subj": ["The team", "Our analysts", "The current process",
             "Each regional office", "The service", "The existing script",
             "The data pipeline", "Every release", "The help desk",
             "The program area", "Most users", "The application",
             "Our partners", "The nightly job", "The operations group"],
    "verb": ["relies on", "produces", "needs", "reads", "publishes",
             "checks", "updates", "exports", "maintains", "reviews",
             "depends on", "generates", "validates", "receives", "stores"],
    "obj": ["a spreadsheet of several thousand rows", "the monthly report",
            "a set of CSV files", "the public API",
            "an accessible web form", "the open data catalogue",
            "records from three legacy systems", "the deployment templates",
            "a weekly summary for managers",
            "bilingual content in English and French",
            "the list of approved offers", "the audit logs",
            "configuration files kept in Git", "the landing page",
            "data from partner organizations"],
    "tail": ["every morning before nine",
             "by hand, which takes most of a day",
             "without any automated test",
             "through a script nobody fully understands",
             "in a way that breaks when the format changes",
             "and the results are checked twice",
             "so errors reach the public too often",
             "with little documentation",
             "on an old server scheduled for retirement",
             "before the end of each quarter",
             "for about forty people across the country",
             "although the volume has doubled since last year",
             "while the rules keep changing",
             "and nobody owns the code today",
             "which slows every release down"],
    "lead": ["", "", "", "", "In practice, ", "Today, ", "As a result, ",
             "For now, ", "At the moment, ", "In addition, ",
             "Since last spring, "],
    "action": ["Automate", "Rewrite", "Test", "Document", "Clean up",
               "Publish", "Replace", "Speed up", "Secure", "Translate"],
    "org": ["Fisheries", "Health statistics", "Parks", "Transport safety",
            "Public libraries", "Weather services", "Grants and contributions",
            "Border services", "Student loans", "Heritage collections"],
    "h": ["Background", "The work", "Where things stand", "Out of scope",
          "What we provide", "Technical constraints", "Related work"],
    "cols": ["Component", "Today", "After the work"],
    "today": ["Manual", "Partly scripted", "Untested", "Undocumented",
              "Slow", "English only"],
    "after": ["Automated", "Tested in CI", "Documented", "Under a minute",
              "Bilingual", "Accessible (WCAG 2.1 AA)"],
    "see": "See the {link} for how applications are handled.",
    "earlier": "This follows an earlier opportunity, {link}, whose code "
               "is reused here.",
    "skill": "Experience with {link} will help.",
    "eval_intro": "Applications are scored on these criteria:",
    "eval_item": "**{name}** ({pts} points):",
    "eval_names": ["Relevant past work", "Quality of code samples",
                   "Approach", "Availability", "Accessibility knowledge"],
    "eval_end": "The highest total score wins; a tie goes to the better "
                "approach.",
    "accept_intro": "The work is accepted when:",
    "q": "Is {obj} part of the work, or only {obj2}?",
    "a": "Only {obj}. {sent}",
    "summary": "{action} {obj} for the {org} team, {tail}.",
    "title": "{action} {obj} for {org}",
}
FR = {
    "subj": ["L’équipe", "Nos analystes", "Le processus actuel",
             "Chaque bureau régional", "Le service", "Le script existant",
             "La chaîne de traitement", "Chaque version",
             "Le centre d’assistance", "Le secteur de programme",
             "La plupart des utilisateurs", "L’application",
             "Nos partenaires", "La tâche de nuit",
             "Le groupe des opérations"],
    "verb": ["produit", "lit", "publie", "vérifie", "met à jour",
             "exporte", "maintient", "examine", "génère", "valide",
             "reçoit", "conserve", "transforme", "consulte", "corrige"],
    "obj": ["un tableur de plusieurs milliers de lignes",
            "le rapport mensuel", "un ensemble de fichiers CSV",
            "l’API publique", "un formulaire Web accessible",
            "le catalogue de données ouvertes",
            "des dossiers tirés de trois systèmes anciens",
            "les modèles de déploiement",
            "un résumé hebdomadaire pour la gestion",
            "du contenu bilingue en français et en anglais",
            "la liste des offres approuvées", "les journaux d’audit",
            "des fichiers de configuration conservés dans Git",
            "la page d’accueil",
            "des données d’organisations partenaires"],
    "tail": ["chaque matin avant neuf heures",
             "à la main, ce qui prend presque une journée",
             "sans aucun test automatisé",
             "au moyen d’un script que personne ne comprend tout à fait",
             "d’une façon qui échoue dès que le format change",
             "et les résultats sont vérifiés deux fois",
             "si bien que des erreurs atteignent trop souvent le public",
             "avec très peu de documentation",
             "sur un vieux serveur dont le retrait est prévu",
             "avant la fin de chaque trimestre",
             "pour une quarantaine de personnes partout au pays",
             "même si le volume a doublé depuis l’an dernier",
             "alors que les règles changent sans cesse",
             "et personne n’est responsable du code aujourd’hui",
             "ce qui ralentit chaque mise en production"],
    "lead": ["", "", "", "", "En pratique, ", "Aujourd’hui, ",
             "Par conséquent, ", "Pour l’instant, ", "En ce moment, ",
             "De plus, ", "Depuis le printemps dernier, "],
    "action": ["Automatiser", "Réécrire", "Tester", "Documenter",
               "Nettoyer", "Publier", "Remplacer", "Accélérer",
               "Sécuriser", "Traduire"],
    "org": ["Pêches", "Statistiques de la santé", "Parcs",
            "Sécurité des transports", "Bibliothèques publiques",
            "Services météorologiques", "Subventions et contributions",
            "Services frontaliers", "Prêts aux étudiants",
            "Collections patrimoniales"],
    "h": ["Contexte", "Le travail", "Où en sont les choses",
          "Hors du champ des travaux", "Ce que nous fournissons",
          "Contraintes techniques", "Travaux connexes"],
    "cols": ["Composant", "Aujourd’hui", "Après les travaux"],
    "today": ["Manuel", "En partie automatisé", "Non testé",
              "Non documenté", "Lent", "En anglais seulement"],
    "after": ["Automatisé", "Testé en intégration continue", "Documenté",
              "En moins d’une minute", "Bilingue",
              "Accessible (WCAG 2.1 AA)"],
    "see": "Consultez le {link} pour savoir comment les candidatures "
           "sont traitées.",
    "earlier": "Ces travaux font suite à une occasion antérieure, {link}, "
               "dont le code est réutilisé ici.",
    "skill": "Une expérience en {link} sera utile.",
    "eval_intro": "Les candidatures sont notées selon ces critères :",
    "eval_item": "**{name}** ({pts} points) :",
    "eval_names": ["Travaux antérieurs pertinents",
                   "Qualité des échantillons de code", "Démarche",
                   "Disponibilité", "Connaissance de l’accessibilité"],
    "eval_end": "La note totale la plus élevée l’emporte ; en cas "
                "d’égalité, la meilleure démarche départage.",
    "accept_intro": "Les travaux sont acceptés quand :",
    "q": "Est-ce que {obj} fait partie du travail, ou seulement {obj2} ?",
    "a": "Seulement {obj}. {sent}",
    "summary": "{action} {obj} pour l’équipe {org}, {tail}.",
    "title": "{action} {obj} pour {org}",
}
LANGS = (("en", EN), ("fr", FR))
TOPICS = [("open-data", "donnees-ouvertes"), ("report", "rapport"),
          ("web-form", "formulaire-web"), ("api-client", "client-api"),
          ("cloud-policy", "politique-nuagique"),
          ("pipeline", "chaine-traitement"), ("dashboard", "tableau-bord"),
          ("accessibility", "accessibilite"), ("cleanup", "nettoyage"),
          ("migration", "migration"), ("docs", "documentation"),
          ("test-suite", "suite-essais")]
SUPPLIERS = ["Nordvent Cloud Consulting Inc.", "Atelier Boréal inc.",
             "Prairie Code Co-op", "Maple Byte Studio",
             "Tidewater Software Ltd.", "Les Logiciels Saint-Laurent",
             "Northern Lights Data", "Coastline Digital"]
LICENCES = ["MIT", "Apache-2.0", "BSD-3-Clause", "MPL-2.0"]
TEAMS = ["open-data", "digital", "cloud", "analytics", "web", "records",
         "statistics", "service-design"]


def lower_first(s):
    return s[0].lower() + s[1:]


def make_pool(rng, L, count):
    """Sentences of 14 to 25 words made of the language's parts."""
    out = []
    for _ in range(count):
        lead = rng.choice(L["lead"])
        subj = rng.choice(L["subj"])
        if lead:
            subj = lower_first(subj)
        out.append("%s%s %s %s %s." % (lead, subj, rng.choice(L["verb"]),
                                       rng.choice(L["obj"]),
                                       rng.choice(L["tail"])))
    return out


def read_yaml_keys(path):
    """The top-level keys of a simple YAML map, with their en/fr names,
    and their file names by language under "slug" (see skill_file)."""
    keys, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([a-z0-9][a-z0-9_-]*):\s*$", line)
            if m:
                cur = m.group(1)
                keys[cur] = {"slug": {}}
                continue
            m = re.match(r"^  (en|fr):\s*(.+?)\s*$", line)
            if m and cur is not None:
                keys[cur][m.group(1)] = m.group(2)
            m = re.match(r"^    (en|fr):\s*(\S+)\s*$", line)
            if m and cur is not None:
                keys[cur]["slug"][m.group(1)] = m.group(2)
    return keys


def skill_file(key, names, code):
    """The file name of a skill's page, as marche(5) says: its slug, the
    key in English, else the name in ASCII (Latin names only here)."""
    if code in names["slug"]:
        return names["slug"][code]
    if code == "en":
        return key
    s = names[code].lower().replace("œ", "oe").replace("æ", "ae")
    s = "".join(c for c in unicodedata.normalize("NFKD", s)
                if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60].rstrip("-")


def read_site(source):
    """Each language's folders and its pages' (permalink, title)."""
    text = open(os.path.join(source, "_data", "site.yml"),
                encoding="utf-8").read()
    folders = {}
    for code, body in re.findall(r"- code: (\w+)\n((?:    .*\n)*)", text):
        o = re.search(r"opportunities: (\S+)", body)
        s = re.search(r"skills: (\S+)", body)
        folders[code] = (o.group(1) if o else "/%s/opportunities/" % code,
                         s.group(1) if s else "/%s/skills/" % code)
    pages = {"en": [], "fr": []}
    for lang in pages:
        d = os.path.join(source, "site", lang)
        for name in sorted(os.listdir(d)):
            fm = open(os.path.join(d, name), encoding="utf-8").read()
            p = re.search(r"^permalink: (\S+)$", fm, re.M)
            t = re.search(r"^title: (.+)$", fm, re.M)
            if p and t and p.group(1).endswith(".html"):
                pages[lang].append((p.group(1), t.group(1).strip()))
    return folders, pages


def rel(target, folder):
    return posixpath.relpath(target, folder.rstrip("/"))


def iso(t):
    return t.isoformat()


def business_moment(day, rng):
    """A working-hours moment on the given date, in the site's zone."""
    return dt.datetime(day.year, day.month, day.day, 9 + rng.randrange(8),
                       rng.randrange(60), tzinfo=ZONE)


class Opp:
    pass


class Gen:
    def __init__(self, n, seed, source):
        self.n = n
        self.rng = random.Random(seed)
        self.source = source
        self.skills = read_yaml_keys(os.path.join(source, "_data",
                                                  "skills.yml"))
        self.folders, self.pages = read_site(source)
        self.pool = {code: make_pool(self.rng, L, 6000) for code, L in LANGS}
        self.opps = []

    # -- text -------------------------------------------------------------
    def para(self, code, k):
        return " ".join(self.rng.choice(self.pool[code]) for _ in range(k))

    def link_page(self, code):
        permalink, title = self.rng.choice(self.pages[code])
        return "[%s](%s)" % (title.replace("[", "").replace("]", ""),
                             rel(permalink, self.folders[code][0]))

    def link_skill(self, code, key):
        return "[%s](%s)" % (self.skills[key][code],
                             rel(self.folders[code][1] +
                                 skill_file(key, self.skills[key], code) +
                                 ".html",
                                 self.folders[code][0]))

    def texts(self, o, code, L):
        """The Markdown of one language: description, evaluation and
        acceptance, about 1,200 words with the title and summary."""
        r = self.rng
        h = L["h"]
        d = []
        d.append("### " + h[0] + "\n")
        d.append(self.para(code, 4) + " `" + o.id + "` " +
                 self.para(code, 1) + "\n")
        d.append(self.para(code, 4) + " " + L["see"].format(
            link=self.link_page(code)) + "\n")
        d.append("**" + self.para(code, 1)[:-1] + "**. " +
                 self.para(code, 3) + "\n")
        d.append("### " + h[1] + "\n")
        d.append(self.para(code, 2) + "\n")
        items = []
        for i in range(7):
            s = self.para(code, 1 + (i % 2))
            if i == 2:
                s += "\n  - " + self.para(code, 1) + "\n  - " + \
                    self.para(code, 1)
            items.append("- " + s)
        d.append("\n".join(items) + "\n")
        d.append("### " + h[2] + "\n")
        rows = ["| %s | %s | %s |" % tuple(L["cols"]), "|---|---|---|"]
        for _ in range(5):
            rows.append("| %s | %s | %s |" % (
                r.choice(L["obj"]), r.choice(L["today"]),
                r.choice(L["after"])))
        d.append("\n".join(rows) + "\n")
        d.append(self.para(code, 3) + "\n")
        if r.random() < 0.4:
            d.append("```yaml\nsource: https://open.example.gc.ca/%s.csv\n"
                     "schedule: \"0 6 * * 1-5\"\nlanguages: [en, fr]\n"
                     "retries: %d\n```\n" % (o.id, 2 + r.randrange(4)))
        d.append("### " + h[3] + "\n")
        d.append("\n".join("- " + self.para(code, 1) for _ in range(3)) +
                 "\n")
        d.append("### " + h[4] + "\n")
        d.append("\n".join("- " + self.para(code, 1) for _ in range(3)) +
                 "\n")
        d.append("### " + h[5] + "\n")
        d.append("\n".join("- " + self.para(code, 1) for _ in range(4)) +
                 "\n")
        d.append("### " + h[6] + "\n")
        extra = []
        if o.earlier is not None:
            e = self.opps[o.earlier]
            extra.append(L["earlier"].format(link="[%s](%s.html)" % (
                e.text[code]["title"], e.slug[code])))
        extra.append(L["skill"].format(link=self.link_skill(
            code, o.skills[0])))
        extra.append("[%s](https://github.com/example-org/%s)." % (
            "GitHub", o.id))
        d.append(self.para(code, 3) + " " + " ".join(extra) + "\n")
        d.append(self.para(code, 3) + "\n")
        d.append(self.para(code, 3) + "\n")
        ev = [L["eval_intro"] + "\n"]
        for i, name in enumerate(r.sample(L["eval_names"], 4)):
            ev.append("%d. %s %s" % (i + 1, L["eval_item"].format(
                name=name, pts=5 * (1 + r.randrange(4))),
                self.para(code, 1)))
        ev.append("\n" + L["eval_end"] + " " + self.para(code, 2))
        acc = [L["accept_intro"] + "\n"]
        for i in range(7):
            acc.append(("- [ ] " if i >= 5 else "- ") + self.para(code, 1))
        return {
            "title": L["title"].format(action=o.action[code],
                                       obj=o.obj[code],
                                       org=o.org[code])[:100],
            "summary": L["summary"].format(action=o.action[code],
                                           obj=o.obj[code],
                                           org=o.org[code],
                                           tail=o.tail[code]),
            "description": "\n".join(d),
            "evaluation": "\n".join(ev) + "\n",
            "acceptance": "\n".join(acc) + "\n",
        }

    def question(self, code, L, k):
        r = self.rng
        a, b = r.sample(range(len(EN["obj"])), 2)
        return (L["q"].format(obj=L["obj"][a], obj2=L["obj"][b]) + "\n",
                L["a"].format(obj=L["obj"][b],
                              sent=self.para(code, 2 + k % 2)) + "\n")

    # -- the opportunities and their events ----------------------------
    def plan(self):
        r = self.rng
        span = max(365.0, self.n / 7.0)	# days of history
        start = END - dt.timedelta(days=span)
        self.start = start
        keys = sorted(self.skills)
        events = []	# (moment, order, kind, opp index)
        for i in range(self.n):
            o = Opp()
            o.i = i
            t = r.randrange(len(TOPICS))
            o.id = "%s-%05d" % (TOPICS[t][0], i + 1)
            o.slug = {"en": o.id, "fr": "%s-%05d" % (TOPICS[t][1], i + 1)}
            k = r.randrange(len(EN["obj"]))
            ka, ko, kt = (r.randrange(len(EN["action"])),
                          r.randrange(len(EN["org"])),
                          r.randrange(len(EN["tail"])))
            o.action = {c: L["action"][ka] for c, L in LANGS}
            o.obj = {c: L["obj"][k] for c, L in LANGS}
            o.org = {c: L["org"][ko] for c, L in LANGS}
            o.tail = {c: L["tail"][kt] for c, L in LANGS}
            o.earlier = r.randrange(i) if i > 0 and r.random() < 0.5 \
                else None
            o.skills = r.sample(keys, 1 + r.randrange(min(5, len(keys))))
            o.value = 50 * (30 + r.randrange(170))	# 1,500 to 9,950: under the ceiling
            o.taxes = "excluded" if r.random() < 0.8 else "included"
            o.contact = "%s-team@example.gc.ca" % r.choice(TEAMS)
            day = (start + dt.timedelta(days=(i + r.random()) * span /
                                        self.n)).date()
            if i == self.n - 1:	# the newest one is always still open
                day = END.date() - dt.timedelta(days=3)
            if day.weekday() >= 5:
                day += dt.timedelta(days=7 - day.weekday())
            o.posted = business_moment(day, r)
            cday = o.posted.date() + dt.timedelta(days=10 + r.randrange(21))
            o.closing = dt.datetime(cday.year, cday.month, cday.day, 14, 0,
                                    tzinfo=ZONE)
            o.amend = None
            if r.random() < 0.05:
                o.amend = r.choice(["closing", "value", "text", "skills"])
                span_open = (o.closing - o.posted).total_seconds()
                o.amend_at = o.posted + dt.timedelta(
                    seconds=3600 + r.random() * (span_open - 86400))
            final_close = o.closing + dt.timedelta(
                days=7 if o.amend == "closing" else 0)
            o.has_deadline = r.random() < 0.8
            sel = final_close.date() + dt.timedelta(days=4 + r.randrange(7))
            o.selection = sel
            o.start = sel + dt.timedelta(days=3 + r.randrange(8))
            o.delivery = o.start + dt.timedelta(days=20 + r.randrange(41))
            o.text = {c: self.texts(o, c, L) for c, L in LANGS}
            o.status = "open"
            o.questions = []
            o.award = None
            o.accepted = None
            self.opps.append(o)
            events.append((o.posted, 0, "post", i))
            if o.amend:
                events.append((o.amend_at, 1, "amend", i))
            qlimit = final_close - dt.timedelta(days=5 if o.has_deadline
                                                else 0, hours=50)
            cancel_at = None
            if r.random() < 0.04:
                cancel_at = o.posted + dt.timedelta(days=1) + r.random() * (
                    final_close - o.posted - dt.timedelta(days=1))
                events.append((cancel_at, 3, "cancel", i))
            if r.random() < 0.07 and qlimit > o.posted + \
                    dt.timedelta(hours=2):
                qs = []
                for k in range(1 + (r.random() < 0.4)):
                    asked = o.posted + dt.timedelta(seconds=3600 + r.random()
                                                    * (qlimit - o.posted
                                                       ).total_seconds())
                    asked = asked.replace(second=0, microsecond=0)
                    answered = asked + dt.timedelta(
                        minutes=120 + r.randrange(44 * 60))
                    qs.append((asked, answered, k))
                qs.sort()
                o.pending_q = qs
                at = max(q[1] for q in qs)
                if cancel_at is None or at < cancel_at:
                    events.append((at, 2, "answer", i))
            if cancel_at is not None:
                continue
            # The outcome is recorded by the selection date: in the weekly
            # status commit before it when one falls after the closing,
            # else on the day.  One in twenty finds no supplier.
            award_at = award_moment(final_close, o.selection)
            if r.random() < 0.05:
                events.append((award_at, 4, "no-award", i))
                continue
            events.append((award_at, 4, "award", i))
            accepted = o.delivery + dt.timedelta(days=r.randrange(15))
            if r.random() < 0.9:
                o.accepted_day = accepted
                events.append((friday_after(business_moment(accepted, r)),
                               5, "complete", i))
        events = [e for e in events if e[0] <= END]
        events.sort(key=lambda e: (e[0], e[1], e[3]))
        return events

    # -- applying events -------------------------------------------------
    def apply(self, kind, o):
        r = self.rng
        if kind == "amend":
            if o.amend == "closing":
                o.closing += dt.timedelta(days=7)
                return "Move %s's closing a week later" % o.id
            if o.amend == "value":
                o.value = min(9950, o.value + 250 * (1 + r.randrange(4)))
                return "Raise %s's value" % o.id
            if o.amend == "skills":
                extra = [k for k in sorted(self.skills) if k not in o.skills]
                if extra:
                    o.skills = o.skills + [r.choice(extra)]
                return "Add a skill to %s" % o.id
            for code, L in LANGS:
                o.text[code]["description"] += "\n**%s** %s\n" % (
                    "Update" if code == "en" else "Mise à jour",
                    self.para(code, 2))
            return "Clarify %s's description" % o.id
        if kind == "answer":
            for asked, answered, k in o.pending_q:
                q = {"asked": asked, "answered": answered}
                for code, L in LANGS:
                    q[code] = self.question(code, L, k)
                o.questions.append(q)
            return "Answer questions on %s" % o.id
        if kind == "cancel":
            o.status = "cancelled"
            return "Cancel %s" % o.id
        if kind == "no-award":
            o.status = "cancelled"
            return None
        if kind == "award":
            o.status = "awarded"
            o.award = (r.choice(SUPPLIERS),
                       "https://github.com/example-org/" + o.id,
                       r.choice(LICENCES))
            return None
        if kind == "complete":
            o.status = "completed"
            o.accepted = o.accepted_day
            return None
        return "Post %s" % o.id

    def yaml(self, o):
        out = ["value: %d" % o.value, "taxes: " + o.taxes,
               "closing: " + iso(o.closing)]
        if o.has_deadline:
            out.append("questions_deadline: " +
                       iso(o.closing - dt.timedelta(days=5)))
        out += ["selection: %s" % o.selection, "start: %s" % o.start,
                "delivery: %s" % o.delivery, "contact: " + o.contact,
                "status: " + o.status,
                "skills: [%s]" % ", ".join(o.skills)]
        for code, _ in LANGS:
            t = o.text[code]
            out.append(code + ":")
            out.append("  title: " + t["title"])
            if code != "en":
                out.append("  slug: " + o.slug[code])
            out.append("  summary: >-\n    " + t["summary"])
            for key in ("description", "evaluation", "acceptance"):
                out.append("  %s: |\n%s" % (key, indent(t[key], 4)))
        if o.questions:
            out.append("questions:")
            for q in o.questions:
                out.append("  - asked: " + iso(q["asked"]))
                out.append("    answered: " + iso(q["answered"]))
                for code, _ in LANGS:
                    out.append("    %s:" % code)
                    out.append("      question: |\n" +
                               indent(q[code][0], 8))
                    out.append("      answer: |\n" + indent(q[code][1], 8))
        if o.award:
            out.append("award:")
            out.append("  supplier: " + o.award[0])
            out.append("  repository: " + o.award[1])
            out.append("  licence: " + o.award[2])
            if o.accepted:
                out.append("  accepted: %s" % o.accepted)
        return ("\n".join(out) + "\n").encode("utf-8")


def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line if line else "" for line in
                     text.rstrip("\n").split("\n"))


def award_moment(closing, selection):
    """When a selection is recorded: 16:00 on the last Friday after the
    closing and no later than the selection date, else 17:00 that date."""
    d = selection - dt.timedelta(days=(selection.weekday() - 4) % 7)
    f = dt.datetime(d.year, d.month, d.day, 16, 0, tzinfo=ZONE)
    if f > closing:
        return f
    return dt.datetime(selection.year, selection.month, selection.day, 17, 0,
                       tzinfo=ZONE)


def friday_after(t):
    """16:00 on the first Friday after moment t: the weekly status commit."""
    d = t.date() + dt.timedelta(days=(4 - t.weekday()) % 7)
    f = dt.datetime(d.year, d.month, d.day, 16, 0, tzinfo=ZONE)
    return f if f > t else f + dt.timedelta(days=7)


class Importer:
    """A `git fast-import` process fed one commit at a time."""

    def __init__(self, repo):
        self.p = subprocess.Popen(["git", "fast-import", "--quiet",
                                   "--date-format=raw"], cwd=repo,
                                  stdin=subprocess.PIPE)
        self.w = self.p.stdin
        self.count = 0

    def commit(self, when, who, message, files):
        stamp = "%d %s" % (when.timestamp(), when.strftime("%z"))
        person = "%s <%s> %s" % (who[0], who[1], stamp)
        msg = message.encode("utf-8")
        head = ("commit refs/heads/main\nauthor %s\ncommitter %s\n" %
                (person, person)).encode("utf-8")
        parts = [head, b"data %d\n" % len(msg), msg, b"\n"]
        for path, data in files:
            parts.append(b"M 100644 inline " + path.encode("utf-8") + b"\n")
            parts.append(b"data %d\n" % len(data))
            parts.append(data)
            parts.append(b"\n")
        self.w.write(b"".join(parts))
        self.count += 1

    def close(self):
        self.w.close()
        if self.p.wait() != 0:
            sys.exit("gensite: git fast-import failed")


def source_files(source):
    for top in SOURCE_DIRS:
        base = os.path.join(source, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                yield os.path.relpath(full, source), open(full, "rb").read()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("repo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    ap.add_argument("--hugo")
    ap.add_argument("--floor")
    a = ap.parse_args(argv)
    if a.n < 1:
        sys.exit("gensite: N must be at least 1")
    if os.path.exists(a.repo) and os.listdir(a.repo):
        sys.exit("gensite: %s exists and is not empty" % a.repo)
    os.makedirs(a.repo, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", a.repo], check=True,
                   env=env)

    g = Gen(a.n, a.seed, a.source)
    events = g.plan()
    imp = Importer(a.repo)
    first = g.start - dt.timedelta(days=3)
    imp.commit(first, PEOPLE[0], "Start the marketplace site",
               list(source_files(a.source)) +
               [(".gitignore", b"/_site/\n/node_modules\n")])
    batch_at, batch = None, []

    def flush():
        if batch:
            names = sorted(set(g.opps[i].id for i in batch))
            imp.commit(batch_at, PEOPLE[1], "Status update: %d "
                       "opportunit%s awarded, completed or cancelled" %
                       (len(names), "y" if len(names) == 1 else "ies"),
                       [("opportunities/%s.yml" % g.opps[i].id,
                         g.yaml(g.opps[i])) for i in sorted(set(batch))])
        batch.clear()

    for when, _, kind, i in events:
        o = g.opps[i]
        if kind in ("award", "no-award", "complete"):
            if o.status == "cancelled":
                continue
            if batch_at != when:
                flush()
                batch_at = when
            g.apply(kind, o)
            batch.append(i)
            continue
        flush()
        if o.status == "cancelled":
            continue
        msg = g.apply(kind, o)
        imp.commit(when, PEOPLE[1 + i % (len(PEOPLE) - 1)], msg,
                   [("opportunities/%s.yml" % o.id, g.yaml(o))])
    flush()
    imp.close()
    subprocess.run(["git", "-C", a.repo, "reset", "-q", "--hard", "main"],
                   check=True, env=env)
    # The design system's files come from the source's npm install
    # (_data/site.yml npm_files): the site shares it through a link.
    modules = os.path.join(os.path.abspath(a.source), "node_modules")
    if os.path.isdir(modules):
        os.symlink(modules, os.path.join(a.repo, "node_modules"))

    words = sum(len((t["description"] + t["evaluation"] + t["acceptance"] +
                     t["title"] + t["summary"]).split())
                for o in g.opps for t in o.text.values())
    if a.floor:
        write_floor(g, a.floor)
    if a.hugo:
        write_hugo(g, a.hugo)
    print("gensite: %d opportunities, %d commits, %.0f words per language "
          "per opportunity, now %s" % (a.n, imp.count, words / a.n / 2, NOW))


def body_markdown(o, code):
    """Everything a page renders as Markdown, in one text."""
    t = o.text[code]
    head = {"en": ("Evaluation", "Acceptance criteria", "Questions"),
            "fr": ("Évaluation", "Critères d’acceptation", "Questions")}
    md = [t["description"], "## " + head[code][0] + "\n", t["evaluation"],
          "## " + head[code][1] + "\n", t["acceptance"]]
    if o.questions:
        md.append("## " + head[code][2] + "\n")
        for q in o.questions:
            md.append("### " + q[code][0].strip() + "\n")
            md.append(q[code][1])
    return "\n".join(md)


def write_floor(g, floor):
    for o in g.opps:
        for code, _ in LANGS:
            write(os.path.join(floor, code, o.id + ".md"),
                  body_markdown(o, code))
    for lang in ("en", "fr"):
        d = os.path.join(g.source, "site", lang)
        for name in sorted(os.listdir(d)):
            text = open(os.path.join(d, name), encoding="utf-8").read()
            write(os.path.join(floor, "site-" + lang, name),
                  re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S))


def display_status(o):
    if o.status == "open" and o.closing <= dt.datetime.fromisoformat(NOW):
        return "closed"
    return o.status


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_hugo(g, hugo):
    from hugo_theme import CONFIG, LAYOUTS
    write(os.path.join(hugo, "config.toml"), CONFIG)
    for rel_path, text in LAYOUTS.items():
        write(os.path.join(hugo, "layouts", rel_path), text)
    for path, data in source_files(g.source):
        if path.startswith("assets" + os.sep):
            write(os.path.join(hugo, "static", path), data)
    section = {"en": "opportunities", "fr": "occasions"}
    for lang in ("en", "fr"):
        d = os.path.join(g.source, "site", lang)
        for name in sorted(os.listdir(d)):
            text = open(os.path.join(d, name), encoding="utf-8").read()
            m = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.S)
            if not m:
                continue
            fm, body = m.group(1), m.group(2)
            ref = re.search(r"^ref: (\S+)", fm, re.M).group(1)
            title = re.search(r"^title: (.+)$", fm, re.M)
            title = title.group(1).strip() if title else ref
            out = "index" if ref == "home" else os.path.splitext(name)[0]
            fname = "_index.md" if out == "index" else name
            write(os.path.join(hugo, "content", lang, fname),
                  "---\ntitle: %s\ntranslationKey: %s\n---\n%s" %
                  (yq(title), ref, body))
        write(os.path.join(hugo, "content", lang, section[lang],
                           "_index.md"),
              "---\ntitle: %s\ntranslationKey: opportunities\n---\n" %
              ("Opportunities" if lang == "en" else "Occasions"))
    for o in g.opps:
        for code, _ in LANGS:
            t = o.text[code]
            fm = ["---", "title: " + yq(t["title"]),
                  "summary: " + yq(t["summary"]),
                  "date: " + iso(o.posted), "translationKey: " + o.id,
                  "slug: " + o.slug[code], "value: %d" % o.value,
                  "taxes: " + o.taxes, "closing: " + iso(o.closing),
                  "status: " + display_status(o),
                  "contact: " + o.contact,
                  "%s: [%s]" % ("skills" if code == "en" else
                                "competences", ", ".join(o.skills)),
                  "---", ""]
            write(os.path.join(hugo, "content", code, section[code],
                               o.slug[code] + ".md"),
                  "\n".join(fm) + body_markdown(o, code))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main(sys.argv[1:])
