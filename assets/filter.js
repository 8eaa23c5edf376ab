// Instant filtering of the listing of opportunities, by words of the
// title and summary, by state and by skill. The listing works without
// it: the state sections and skill pages are plain links, and the form
// stays hidden unless this script runs. It loads nothing and sends
// nothing anywhere.
(function () {
	'use strict';
	var form = document.querySelector('.listing-filter');
	if (!form || !document.querySelectorAll) return;
	var text = form.querySelector('#filter-text');
	var state = form.querySelector('#filter-status');
	var skill = form.querySelector('#filter-skill');
	var result = form.querySelector('.filter-result');
	var groups = document.querySelectorAll('.listing-group');
	var cards = [];

	// Words compare without case or accents: "acces" finds "Accès".
	function fold(s) {
		s = s.toLowerCase();
		return s.normalize ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
	}
	Array.prototype.forEach.call(document.querySelectorAll('.listing-group .card'), function (li) {
		var t = li.querySelector('.card-title'), s = li.querySelector('.card-summary');
		cards.push({
			li: li,
			text: fold((t ? t.textContent : '') + ' ' + (s ? s.textContent : '')),
			status: li.getAttribute('data-status') || '',
			skills: ' ' + (li.getAttribute('data-skills') || '') + ' '
		});
	});

	function apply() {
		var words = fold(text.value).split(/\s+/).filter(Boolean);
		var st = state.value, sk = skill.value, shown = 0;
		cards.forEach(function (c) {
			var ok = (!st || c.status === st) &&
			    (!sk || c.skills.indexOf(' ' + sk + ' ') >= 0) &&
			    words.every(function (w) { return c.text.indexOf(w) >= 0; });
			c.li.hidden = !ok;
			if (ok) shown++;
		});
		Array.prototype.forEach.call(groups, function (g) {
			g.hidden = !g.querySelector('.card:not([hidden])');
		});
		var filtering = words.length > 0 || st !== '' || sk !== '';
		result.textContent = !filtering ? '' : shown === 0 ?
		    form.getAttribute('data-none') :
		    form.getAttribute('data-shown') + ' ' + shown;
	}

	form.addEventListener('input', apply);
	form.addEventListener('change', apply);
	form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
	form.hidden = false;
	// Where there is room, the filters start open; on a phone they stay
	// folded so that the first opportunity shows on the first screen.
	var tools = form.closest ? form.closest('details') : null;
	if (tools && window.matchMedia && window.matchMedia('(min-width: 64em)').matches)
		tools.open = true;
	apply();
}());
