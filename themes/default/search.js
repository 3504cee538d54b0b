// Signpost search: the browser client of a site's static search index.
//
// Vanilla JavaScript, no framework and no build step. It mirrors src/search/analysis.rs
// exactly (fold, words, stem, stop words, one-typo matching, synonym phrases): change both
// together; `cargo test --test it search_js::` runs this file in Node and compares.
//
// The library only: `site.js` binds it to the search box of a site's home page and renders
// the results with words from the page. `new SignpostSearch.Index(url, fetchJson, fetchText)`
// loads the index lazily; `index.search(text, keep, limit)` resolves to the best matches
// whose facets pass `keep(facets)`, each with its sessions for when.js to find the next.
//
// Ranking (documented in src/search/mod.rs): the index holds BM25
// weights already multiplied by the walking factor from the site, so a document's score is
// the sum, over query words, of its best matching term's weight (× 1 exact, × 0.6 prefix,
// × 0.5 one typo), plus the weights of the concepts the query names × 1.5 (× 0.5 more when
// only a typo named the concept), times the share of query words it covers.
(function (global) {
  "use strict";

  // ---- Analysis: keep in step with src/search/analysis.rs ----

  var FOLD = {
    "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "æ": "ae", "ç": "c",
    "è": "e", "é": "e", "ê": "e", "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i",
    "ð": "d", "ñ": "n", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ø": "o",
    "ù": "u", "ú": "u", "û": "u", "ü": "u", "ý": "y", "ÿ": "y", "þ": "th", "ß": "ss",
    "ā": "a", "ă": "a", "ą": "a", "ć": "c", "ĉ": "c", "ċ": "c", "č": "c", "ď": "d",
    "đ": "d", "ē": "e", "ĕ": "e", "ė": "e", "ę": "e", "ě": "e", "ĝ": "g", "ğ": "g",
    "ġ": "g", "ģ": "g", "ĥ": "h", "ħ": "h", "ĩ": "i", "ī": "i", "ĭ": "i", "į": "i",
    "ı": "i", "ĳ": "ij", "ĵ": "j", "ķ": "k", "ĺ": "l", "ļ": "l", "ľ": "l", "ŀ": "l",
    "ł": "l", "ń": "n", "ņ": "n", "ň": "n", "ō": "o", "ŏ": "o", "ő": "o", "œ": "oe",
    "ŕ": "r", "ŗ": "r", "ř": "r", "ś": "s", "ŝ": "s", "ş": "s", "š": "s", "ţ": "t",
    "ť": "t", "ŧ": "t", "ũ": "u", "ū": "u", "ŭ": "u", "ů": "u", "ű": "u", "ų": "u",
    "ŵ": "w", "ŷ": "y", "ź": "z", "ż": "z", "ž": "z", "ſ": "s", "ș": "s", "ț": "t",
    "'": "", "\u2018": "", "\u2019": "", "\u02BB": "", "\u02BC": "", "`": "", "\u00B4": "",
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064A", "\u0629": "\u0647", "\u0640": ""
  };
  var STRIP = [[0x0300, 0x036F], [0x064B, 0x065F], [0x0670, 0x0670], [0x09BC, 0x09BC], [0x09CD, 0x09CD],
    [0x200C, 0x200D]];
  var STOP_WORDS = ["a", "about", "an", "and", "any", "are", "as", "at", "be", "by", "can",
    "do", "for", "from", "i", "im", "in", "is", "it", "me", "my", "of", "on", "or", "our",
    "so", "some", "that", "the", "there", "to", "us", "we", "who", "with", "you", "your"];
  var TYPO_MIN_LETTERS = 5;
  var PREFIX_FACTOR = 0.6;
  var TYPO_FACTOR = 0.5;
  var CONCEPT_BOOST = 1.5;

  var WORD_CHAR;
  try {
    WORD_CHAR = new RegExp("^[\\p{Alphabetic}\\p{N}]$", "u");
  } catch (e) {
    // Browsers without Unicode property escapes: letters and digits of the common scripts.
    WORD_CHAR = /^[0-9A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFFEF]$/;
  }

  function stripped(code) {
    for (var i = 0; i < STRIP.length; i++) {
      if (code >= STRIP[i][0] && code <= STRIP[i][1]) return true;
    }
    return false;
  }

  function fold(text) {
    var out = "";
    for (var ch of text) {
      for (var lower of ch.toLowerCase()) {
        if (stripped(lower.codePointAt(0))) continue;
        out += Object.prototype.hasOwnProperty.call(FOLD, lower) ? FOLD[lower] : lower;
      }
    }
    return out;
  }

  function words(text) {
    var out = [];
    var word = "";
    for (var c of fold(text)) {
      if (WORD_CHAR.test(c)) {
        word += c;
      } else if (word) {
        out.push(word);
        word = "";
      }
    }
    if (word) out.push(word);
    return out;
  }

  function isStopWord(w) {
    return STOP_WORDS.indexOf(w) >= 0;
  }

  function isVowel(c) {
    return "aeiouy".indexOf(c) >= 0;
  }

  function endsWith(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    // 1. plurals
    if (endsWith(w, "sses")) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "ies") && w.length >= 5) {
      w = w.slice(0, -3) + "y";
    } else if (endsWith(w, "ches") || endsWith(w, "shes") || endsWith(w, "xes") || endsWith(w, "zes")) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "s") && !endsWith(w, "ss") && !endsWith(w, "us") && !endsWith(w, "is")) {
      w = w.slice(0, -1);
    }
    // 2. -ied, -ing, -ed
    if (endsWith(w, "ied") && w.length >= 5) {
      w = w.slice(0, -3) + "y";
    } else {
      var suffix = endsWith(w, "ing") ? 3 : (endsWith(w, "ed") && !endsWith(w, "eed") ? 2 : 0);
      if (suffix > 0) {
        var rest = w.slice(0, w.length - suffix);
        var vowel = false;
        for (var i = 0; i < rest.length; i++) if (isVowel(rest[i])) vowel = true;
        if (rest.length >= 3 && vowel) {
          w = rest;
          var n = w.length;
          var last = w[n - 1];
          if (last === w[n - 2] && !isVowel(last) && "lsz".indexOf(last) < 0) w = w.slice(0, -1);
          return w;
        }
      }
    }
    // 3. final -e
    if (w.length >= 4 && w[w.length - 1] === "e" && w[w.length - 2] !== "e") w = w.slice(0, -1);
    return w;
  }

  function terms(text) {
    return words(text).filter(function (w) { return !isStopWord(w); }).map(stem);
  }

  function chars(s) {
    return Array.from(s);
  }

  function sameTail(a, i, b, j) {
    if (a.length - i !== b.length - j) return false;
    for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
    return true;
  }

  // At most one insertion, deletion, substitution or swap of neighbours.
  function oneEdit(x, y) {
    var a = chars(x);
    var b = chars(y);
    var la = a.length;
    var lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (i === la && i === lb) return true;
    if (la === lb) {
      if (sameTail(a, i + 1, b, i + 1)) return true;
      return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, b, i + 2);
    }
    return la > lb ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
  }

  // Five letters or more, both as typed and stemmed (may_have_typo in analysis.rs).
  function mayHaveTypo(typed, stemmed) {
    return chars(typed).length >= TYPO_MIN_LETTERS && chars(stemmed).length >= TYPO_MIN_LETTERS;
  }

  // {concept: "phrase|phrase"} → {phrases: Map(phrase → [concepts]), longest}
  function synonyms(table) {
    var phrases = new Map();
    var longest = 0;
    Object.keys(table || {}).forEach(function (concept) {
      table[concept].split("|").forEach(function (p) {
        if (!phrases.has(p)) phrases.set(p, []);
        phrases.get(p).push(concept);
        longest = Math.max(longest, p.split(" ").length);
      });
    });
    return { phrases: phrases, longest: longest };
  }

  // The query as analysis::query makes it: {words: [{term, typo}], concepts: [{concept,
  // factor, covers: [word indexes]}] sorted by concept}.
  function analyse(text, syn) {
    var typed = words(text);
    var tokens = typed.map(stem);
    var out = [];
    var wordOf = [];
    typed.forEach(function (w, k) {
      var t = tokens[k];
      if (isStopWord(w)) {
        wordOf.push(null);
        return;
      }
      var i = -1;
      for (var j = 0; j < out.length; j++) if (out[j].term === t) i = j;
      if (i >= 0) {
        wordOf.push(i);
      } else {
        wordOf.push(out.length);
        out.push({ term: t, typo: mayHaveTypo(w, t) });
      }
    });
    var found = new Map(); // concept → {factor, positions: Set}
    var add = function (c, factor, from, len) {
      if (!found.has(c)) found.set(c, { factor: 0, positions: new Set() });
      var e = found.get(c);
      e.factor = Math.max(e.factor, factor);
      for (var p = from; p < from + len; p++) e.positions.add(p);
    };
    for (var i = 0; i < tokens.length; i++) {
      var hit = false;
      for (var len = Math.min(syn.longest, tokens.length - i); len >= 1; len--) {
        var cs = syn.phrases.get(tokens.slice(i, i + len).join(" "));
        if (cs) {
          cs.forEach(function (c) { add(c, 1, i, len); });
          hit = true;
          break;
        }
      }
      if (!hit && mayHaveTypo(typed[i], tokens[i])) {
        syn.phrases.forEach(function (cs, p) {
          if (p.indexOf(" ") < 0 && oneEdit(p, tokens[i])) cs.forEach(function (c) { add(c, TYPO_FACTOR, i, 1); });
        });
      }
    }
    var concepts = Array.from(found.keys()).sort().map(function (c) {
      var covers = [];
      found.get(c).positions.forEach(function (p) {
        if (wordOf[p] !== null && covers.indexOf(wordOf[p]) < 0) covers.push(wordOf[p]);
      });
      covers.sort(function (x, y) { return x - y; });
      return { concept: c, factor: found.get(c).factor, covers: covers };
    });
    return { words: out, concepts: concepts };
  }

  // The share of the query's words a document covers (Query::coverage in analysis.rs).
  function coverage(q, matched, hasConcept) {
    if (q.words.length === 0) return 1;
    var covered = matched.slice();
    q.concepts.forEach(function (c, k) {
      if (hasConcept[k]) c.covers.forEach(function (w) { covered[w] = true; });
    });
    return covered.filter(Boolean).length / q.words.length;
  }

  // ---- The index ----

  function decodePostings(list) {
    var out = [];
    var doc = 0;
    for (var i = 0; i < list.length; i += 2) {
      doc = i === 0 ? list[0] : doc + list[i];
      out.push([doc, list[i + 1]]);
    }
    return out;
  }

  // `fetchJson(url)` and `fetchText(url)` return promises; the index loads lazily.
  function Index(url, fetchJson, fetchText) {
    this.url = url;
    this.base = url.slice(0, url.lastIndexOf("/") + 1);
    this.fetchJson = fetchJson;
    this.fetchText = fetchText;
    this.manifest = null;
    this.terms = {}; // term → postings (encoded), loaded ones
    this.loadedChunks = {};
    this.docChunks = {};
  }

  Index.prototype.load = function () {
    var self = this;
    if (this.ready) return this.ready;
    this.ready = this.fetchJson(this.url).then(function (m) {
      self.manifest = m;
      self.syn = synonyms(m.syn);
      self.split = !!m.chunks;
      if (!self.split) self.terms = m.terms;
      return self;
    });
    return this.ready;
  };

  // Chunks holding terms in [from, from + prefix range], for a split index.
  Index.prototype.chunksFor = function (word) {
    var chunks = this.manifest.chunks;
    var out = [];
    var start = 0;
    for (var i = 0; i < chunks.length; i++) if (chunks[i][0] <= word) start = i;
    out.push(start);
    for (var j = start + 1; j < chunks.length && chunks[j][0].indexOf(word) === 0; j++) out.push(j);
    return out;
  };

  Index.prototype.ensureTerms = function (needed) {
    var self = this;
    if (!this.split) return Promise.resolve();
    var files = {};
    needed.forEach(function (w) {
      self.chunksFor(w).forEach(function (i) {
        var name = self.manifest.chunks[i][1];
        if (!self.loadedChunks[name]) files[name] = true;
      });
    });
    return Promise.all(Object.keys(files).map(function (name) {
      return self.fetchJson(self.base + name).then(function (chunk) {
        self.loadedChunks[name] = Object.keys(chunk);
        self.loadedChunks[name].forEach(function (t) { self.terms[t] = chunk[t]; });
      });
    }));
  };

  // The terms a query word may match (exactly, by prefix or with a typo): all of a single-file
  // index; in a split index those of the chunks for the word, so that results do not depend
  // on what earlier queries loaded.
  Index.prototype.termsFor = function (word) {
    var self = this;
    if (!this.split) {
      if (!this.allKeys) this.allKeys = Object.keys(this.terms);
      return this.allKeys;
    }
    var out = [];
    this.chunksFor(word).forEach(function (i) {
      out = out.concat(self.loadedChunks[self.manifest.chunks[i][1]] || []);
    });
    return out;
  };

  Index.prototype.docs = function (ids) {
    var self = this;
    if (!this.split) {
      return Promise.resolve(ids.map(function (i) { return self.manifest.docs[i]; }));
    }
    var chunks = this.manifest.docs;
    var which = function (i) {
      var k = 0;
      for (var c = 0; c < chunks.length; c++) if (chunks[c][0] <= i) k = c;
      return k;
    };
    var need = {};
    ids.forEach(function (i) { need[which(i)] = true; });
    return Promise.all(Object.keys(need).map(function (k) {
      if (self.docChunks[k]) return null;
      return self.fetchJson(self.base + chunks[k][1]).then(function (d) { self.docChunks[k] = d; });
    })).then(function () {
      return ids.map(function (i) {
        var k = which(i);
        return self.docChunks[k][i - chunks[k][0]];
      });
    });
  };

  // Scores docs: Map(doc → score): the sum of the best match per word and the concepts,
  // times coverage. Needs the terms loaded.
  Index.prototype.score = function (q) {
    var totals = new Map();
    var words = new Map(); // doc → [matched per word]
    var concepts = new Map(); // doc → [has per concept]
    var self = this;
    var terms = this.terms;
    var mark = function (map, doc, k, n) {
      if (!map.has(doc)) map.set(doc, new Array(n).fill(false));
      map.get(doc)[k] = true;
    };
    q.words.forEach(function (w, k) {
      var best = new Map();
      var wlen = chars(w.term).length;
      self.termsFor(w.term).forEach(function (t) {
        var f = 0;
        if (t === w.term) f = 1;
        else if (wlen >= 2 && t.indexOf(w.term) === 0 && t.indexOf(":") < 0) f = PREFIX_FACTOR;
        else if (w.typo && t.indexOf(":") < 0 && oneEdit(t, w.term)) f = TYPO_FACTOR;
        if (!f) return;
        decodePostings(terms[t]).forEach(function (p) {
          var s = f * p[1];
          if (!(best.get(p[0]) >= s)) best.set(p[0], s);
        });
      });
      best.forEach(function (s, d) {
        totals.set(d, (totals.get(d) || 0) + s);
        mark(words, d, k, q.words.length);
      });
    });
    q.concepts.forEach(function (c, k) {
      decodePostings(terms[c.concept] || []).forEach(function (p) {
        totals.set(p[0], (totals.get(p[0]) || 0) + CONCEPT_BOOST * c.factor * p[1]);
        mark(concepts, p[0], k, q.concepts.length);
      });
    });
    totals.forEach(function (s, d) {
      var m = words.get(d) || new Array(q.words.length).fill(false);
      var h = concepts.get(d) || new Array(q.concepts.length).fill(false);
      totals.set(d, s * coverage(q, m, h));
    });
    return totals;
  };

  // Resolves to [{id, name, summary, walk, sessions, note, facets, translations, place, score}],
  // best first (translations: {lang: [name, summary, name translated?, summary translated?]};
  // place: {v: venue, o: online, p: by phone, a: across the area, w: [wards]} or null): the docs
  // matching `text` whose facets pass `keep` (when given). With no words, the docs that pass,
  // in the site's order (nearest first); with neither, none.
  Index.prototype.search = function (text, keep, limit) {
    var self = this;
    limit = limit || 20;
    return this.load().then(function () {
      if (!self.manifest.also) return self.searchHere(text, keep, limit);
      // Services available everywhere live in an index every site shares: search both and
      // merge by score (with no words, this site's docs come first, nearest first).
      if (!self.alsoIndex) self.alsoIndex = new Index(self.base + self.manifest.also, self.fetchJson, self.fetchText);
      return Promise.all([
        self.searchHere(text, keep, limit),
        self.alsoIndex.search(text, keep, limit)
      ]).then(function (both) {
        var all = both[0].concat(both[1]);
        var ranked = all.some(function (h) { return h.score > 0; });
        if (ranked) all.sort(function (a, b) { return b.score - a.score; }); // stable: this site first
        return all.slice(0, limit);
      });
    });
  };

  Index.prototype.searchHere = function (text, keep, limit) {
    var self = this;
    return this.load().then(function () {
      var q = analyse(text || "", self.syn);
      var needed = q.words.map(function (w) { return w.term; }).concat(q.concepts.map(function (c) { return c.concept; }));
      return self.ensureTerms(needed).then(function () {
        var ranked = [];
        if (q.words.length || q.concepts.length) {
          self.score(q).forEach(function (s, d) { ranked.push([d, s]); });
          ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        } else if (keep) {
          for (var d = 0; d < self.manifest.n; d++) ranked.push([d, 0]);
        }
        return self.pick(ranked, keep, limit);
      });
    });
  };

  // The first `limit` of `ranked` ([doc, score]) whose facets pass `keep`, reading the docs a
  // batch at a time (a split index fetches only the doc chunks it reaches).
  Index.prototype.pick = function (ranked, keep, limit) {
    var self = this;
    var out = [];
    var step = function (from) {
      if (out.length >= limit || from >= ranked.length) return out;
      // Filters may turn some down: read a few more than needed, not every candidate.
      var batch = ranked.slice(from, from + (keep ? 3 * limit : limit));
      return self.docs(batch.map(function (r) { return r[0]; })).then(function (docs) {
        docs.forEach(function (doc, k) {
          if (out.length >= limit || (keep && !keep(doc[5] || {}))) return;
          out.push({
            id: doc[0], name: doc[1], summary: doc[2], walk: doc[3], sessions: doc[4],
            note: doc[6] || "", facets: doc[5] || {}, translations: doc[7] || {}, place: doc[8] || null,
            score: batch[k][1] / 10
          });
        });
        return step(from + batch.length);
      });
    };
    return Promise.resolve(step(0));
  };

  var api = {
    fold: fold, words: words, stem: stem, terms: terms, isStopWord: isStopWord, oneEdit: oneEdit,
    synonyms: synonyms, analyse: analyse, coverage: coverage, Index: Index,
    FOLD: FOLD, STRIP: STRIP, STOP_WORDS: STOP_WORDS
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else global.SignpostSearch = api;
})(this);
