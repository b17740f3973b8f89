// The book's search box: every word typed must appear in a section's heading
// or text; sections whose heading holds the words come first. The index is
// search-index.js, which `make book` writes next to the pages.
(function () {
  var box = document.getElementById('search');
  var list = document.getElementById('search-results');
  if (!box || !list || typeof SEARCH_INDEX === 'undefined') return;
  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) return text.slice(0, 120);
    var from = Math.max(0, at - 50);
    return (from > 0 ? '… ' : '') + text.slice(from, at + 90) + ' …';
  }
  function show() {
    var words = box.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
    list.innerHTML = '';
    if (words.length === 0) { list.hidden = true; return; }
    var found = [];
    SEARCH_INDEX.forEach(function (e) {
      var title = e.title.toLowerCase(), text = e.text.toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        if (title.indexOf(words[i]) >= 0) score += 10;
        else if (text.indexOf(words[i]) >= 0) score += 1;
        else return;
      }
      found.push([score, e]);
    });
    found.sort(function (a, b) { return b[0] - a[0]; });
    found.slice(0, 20).forEach(function (f) {
      var e = f[1], li = document.createElement('li'), a = document.createElement('a');
      a.href = e.page + '#' + e.id;
      a.textContent = e.in + ': ' + e.title;
      var p = document.createElement('span');
      p.textContent = snippet(e.text, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    if (found.length === 0) {
      var li = document.createElement('li');
      li.textContent = 'Nothing in the book has all of these words.';
      list.appendChild(li);
    }
    list.hidden = false;
  }
  box.addEventListener('input', show);
})();
