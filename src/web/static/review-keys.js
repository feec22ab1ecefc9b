// Keyboard shortcuts of the review queue (see KEYS in src/web/pages/review-queue-page.ts).
(() => {
  const rows = [...document.querySelectorAll('#queue tr.item')];
  if (rows.length === 0) return;
  let at = Math.min(Math.max(0, Number(document.querySelector('#queue').dataset.at) || 0), rows.length - 1);
  const select = (i) => {
    rows[at].classList.remove('selected');
    at = Math.min(Math.max(0, i), rows.length - 1);
    rows[at].classList.add('selected');
    rows[at].scrollIntoView({ block: 'nearest' });
  };
  select(at);
  const typing = (el) => el && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const row = rows[at];
    if (typing(e.target)) {
      if (e.key === 'Escape') { e.target.blur(); row.classList.remove('dismissing'); }
      // Enter on the reason list submits the dismissal (a <select> does not submit by itself).
      else if (e.key === 'Enter' && e.target.tagName === 'SELECT') { e.preventDefault(); e.target.form.requestSubmit(); }
      return;
    }
    const go = (href) => { if (href) location.href = href; };
    switch (e.key) {
      case 'j': select(at + 1); break;
      case 'k': select(at - 1); break;
      case 'c': row.querySelector('form.confirm')?.requestSubmit(); break;
      case 'd': {
        const form = row.querySelector('form.dismiss');
        if (!form) return;
        row.classList.add('dismissing');
        (form.querySelector('select') ?? form.querySelector('input[name=note]')).focus();
        break;
      }
      case 'e': go(row.dataset.correct); break;
      case 'o': case 'Enter': go(row.dataset.open); break;
      default: return;
    }
    e.preventDefault();
  });
})();
