"""The Hugo side of the benchmark: a configuration and a small set of
layouts doing the work marche's bundled layouts do (a page per
opportunity with its facts and Markdown, a listing per language grouped
by status with a card per opportunity, a page per skill, feeds and a
sitemap), so both tools render the same content into similar pages.
site.Params.card is "full" (like _layouts/partials/card.html) or "line"
(one link per opportunity), chosen by the benchmark driver."""

CONFIG = """\
baseURL = "https://microacquisitions.example.gc.ca/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
uglyURLs = true
enableRobotsTXT = true
timeZone = "America/Toronto"
rssLimit = 50
disableKinds = []

[params]
card = "full"

[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
table = true
strikethrough = true
linkify = true
taskList = true

[languages.en]
languageName = "English"
title = "Micro-Acquisition Marketplace"
weight = 1
contentDir = "content/en"
[languages.en.taxonomies]
skill = "skills"

[languages.fr]
languageName = "Français"
title = "Marché des microacquisitions"
weight = 2
contentDir = "content/fr"
[languages.fr.taxonomies]
competence = "competences"
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "assets/site.css" | absURL }}">
</head>
<body>
<a class="skip-link" href="#main">{{ if eq .Language.Lang "fr" }}Passer au contenu principal{{ else }}Skip to main content{{ end }}</a>
<header class="site-header">
  <p class="site-title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
  <nav aria-label="{{ if eq .Language.Lang "fr" }}Menu principal{{ else }}Main menu{{ end }}"><ul>
{{ $cur := . }}{{ range site.Home.RegularPages }}    <li><a href="{{ .RelPermalink }}"{{ if eq . $cur }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}  </ul></nav>
  <ul class="lang">{{ range .Translations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul>
</header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }} · <time datetime="{{ now.Format "2006-01-02" }}">{{ now.Year }}</time></p></footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
{{ if .Params.value }}
{{ $fr := eq .Language.Lang "fr" }}
<article class="opp opp-{{ .Params.status }}">
  <header class="opp-header">
    <p class="opp-kicker"><a href="{{ .CurrentSection.RelPermalink }}">{{ if $fr }}Toutes les occasions{{ else }}All opportunities{{ end }}</a></p>
    <h1>{{ .Title }}</h1>
    <p class="opp-summary">{{ .Params.summary }}</p>
    <p class="badge badge-{{ .Params.status }}">{{ .Params.status }}</p>
    <p class="opp-deadline"><time datetime="{{ .Params.closing }}">{{ time.Format ":date_long" .Params.closing }} {{ time.Format ":time_short" .Params.closing }}</time></p>
    <p class="opp-posted"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ time.Format ":date_long" .Date }}</time></p>
  </header>
  <dl class="facts">
    <div><dt>{{ if $fr }}Valeur{{ else }}Value{{ end }}</dt><dd><strong class="facts-value">{{ lang.FormatCurrency 0 "CAD" .Params.value }}</strong> ({{ .Params.taxes }})</dd></div>
    <div><dt>{{ if $fr }}Personne-ressource{{ else }}Contact{{ end }}</dt><dd><a href="mailto:{{ .Params.contact }}">{{ .Params.contact }}</a></dd></div>
    <div><dt>{{ if $fr }}Compétences{{ else }}Skills{{ end }}</dt><dd><ul class="tags">
{{ range .GetTerms (cond $fr "competences" "skills") }}      <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}    </ul></dd></div>
  </dl>
  <div class="opp-body">
{{ .Content }}
  </div>
</article>
{{ else }}
<article class="page">
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
{{ end }}
"""

CARD = """\
{{ if eq site.Params.card "line" }}      <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ else }}{{ $fr := eq .Language.Lang "fr" }}      <li class="card card-{{ .Params.status }}">
        <h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
        <p class="badge badge-{{ .Params.status }}">{{ .Params.status }}</p>
        <p class="card-summary">{{ .Params.summary }}</p>
        <dl class="card-facts">
          <div><dt>{{ if $fr }}Valeur{{ else }}Value{{ end }}</dt><dd>{{ lang.FormatCurrency 0 "CAD" .Params.value }} <span class="card-taxes">({{ .Params.taxes }})</span></dd></div>
          <div><dt>{{ if $fr }}Clôture{{ else }}Closing{{ end }}</dt><dd><time datetime="{{ .Params.closing }}">{{ time.Format ":date_long" .Params.closing }}</time></dd></div>
          <div class="card-skills"><dt>{{ if $fr }}Compétences{{ else }}Skills{{ end }}</dt><dd><ul class="tags tags-small">
{{ range .GetTerms (cond $fr "competences" "skills") }}            <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}          </ul></dd></div>
        </dl>
      </li>
{{ end }}"""

LIST = """\
{{ define "main" }}
<div class="listing">
  <h1>{{ .Title }}</h1>
  <p class="listing-count"><strong>{{ len .Pages }}</strong></p>
{{ if eq .Kind "section" }}
{{ range (.Pages.ByParam "closing").GroupByParam "status" }}
  <section class="listing-group group-{{ .Key }}">
    <h2 id="group-{{ .Key }}">{{ .Key }}</h2>
    <ul class="cards">
{{ range .Pages.ByParam "closing" }}{{ partial "card.html" . }}{{ end }}    </ul>
  </section>
{{ end }}
  <ul class="tags">
{{ $tax := cond (eq .Language.Lang "fr") "competences" "skills" }}{{ range $name, $pages := index site.Taxonomies $tax }}    <li><a href="{{ (site.GetPage (printf "/%s/%s" $tax $name)).RelPermalink }}">{{ $name }} <span class="tag-count">({{ len $pages }})</span></a></li>
{{ end }}  </ul>
{{ else if eq .Kind "term" }}
  <ul class="cards">
{{ range .Pages.ByParam "closing" }}{{ partial "card.html" . }}{{ end }}  </ul>
{{ else }}
  <ul class="tags">
{{ range .Pages }}    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}  </ul>
{{ end }}
</div>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<article class="page">
{{ .Content }}
</article>
{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "index.html": HOME,
    "partials/card.html": CARD,
}
