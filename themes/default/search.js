// Signpost search: the browser client of a site's static search index.
//
// Vanilla JavaScript, no framework and no build step. It mirrors src/analysis/ exactly (fold,
// words, the English, Arabic, Urdu, Bengali, Polish and Somali stemmers, stop words, one-typo
// matching, synonym phrases, crisis patterns) and src/search/plan.rs and facets::Condition
// (filters, topics, coverage): change both together; `cargo test --test it search_js::` runs
// this file in Node and compares.
//
// The library only: `site.js` binds it to the search box of a site's home page and renders
// the results with words from the page. `new SignpostSearch.Index(url, fetchJson, fetchText)`
// loads the index lazily; `index.search(text, keep, limit)` resolves to the best matches
// whose facets pass `keep(facets)`, each with its sessions for when.js to find the next.
//
// Ranking (the rule is documented in src/search/mod.rs): words that name a filter filter; a doc
// answers when it holds a topic the query names or covers its required words; the index holds
// BM25 weights and topic weights already multiplied by the distance factor from the site, so a
// doc's score is the sum, over scoring words, of its best matching term's weight (× 1 exact,
// × 0.6 prefix, × 0.5 one typo), plus the weights of the topics it holds (× 0.5 when only a
// typo named one), times the share of required words it covers.
(function (global) {
  "use strict";

  // ---- Analysis: keep in step with src/analysis/ ----

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
  var PREFIX_MIN_LETTERS = 4;
  var PREFIX_FACTOR = 0.6;
  var TYPO_FACTOR = 0.5;
  var MAX_WORDS = 16;
  var MAX_GROUPS = 8;
  var MAX_FILTERS = 8;
  var AGE_BEFORE = ["over", "aged", "age", "powyzej", "ponad", "فوق"];
  var AGE_AFTER = ["year", "years", "yr", "yrs"];

  // Letters and digits (Unicode property escapes: every browser since 2020).
  var WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;

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

  function chars(s) {
    return Array.from(s);
  }

  // English (analysis/stem.rs `english`).
  function english(word) {
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
          if (last === w[n - 2] && !isVowel(last) && "lsz".indexOf(last) < 0) {
            w = w.slice(0, -1);
          } else if (n === 3 && !isVowel(w[0]) && isVowel(w[1]) && !isVowel(w[2]) && "wxy".indexOf(w[2]) < 0) {
            w += "e";
          }
          return w;
        }
      }
    }
    // 3. final -e
    if (w.length >= 5 && w[w.length - 1] === "e" && w[w.length - 2] !== "e") w = w.slice(0, -1);
    return w;
  }

  // Arabic and Urdu (analysis/arabic.rs).
  var URDU_ONLY = "ٹڈڑںھہۃیےکگپچژ";
  var URDU_VARIANTS = { "ی": "ي", "ک": "ك", "ہ": "ه", "ۃ": "ه", "ھ": "ه" };
  var AR_ARTICLES = ["وال", "بال", "كال", "فال", "لل", "ال"];
  var AR_CLITICS = "وف";
  var AR_SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

  function inRange(word, from, to) {
    var cs = chars(word);
    if (!cs.length) return false;
    return cs.every(function (c) { var k = c.codePointAt(0); return k >= from && k <= to; });
  }

  function startsWithChars(w, p) {
    if (w.length < p.length) return false;
    for (var i = 0; i < p.length; i++) if (w[i] !== p[i]) return false;
    return true;
  }

  function endsWithChars(w, s) {
    if (w.length < s.length) return false;
    for (var i = 0; i < s.length; i++) if (w[w.length - s.length + i] !== s[i]) return false;
    return true;
  }

  function arabicStem(word) {
    var w = chars(word);
    if (w.some(function (c) { return URDU_ONLY.indexOf(c) >= 0; })) {
      w = w.map(function (c) { return URDU_VARIANTS[c] || c; });
      if (w.length >= 4 && endsWithChars(w, ["و", "ں"])) w = w.slice(0, -2);
      return w.join("");
    }
    var article = false;
    for (var i = 0; i < AR_ARTICLES.length; i++) {
      var a = chars(AR_ARTICLES[i]);
      if (startsWithChars(w, a) && w.length >= a.length + 2) {
        w = w.slice(a.length);
        article = true;
        break;
      }
    }
    if (!article && w.length >= 5 && AR_CLITICS.indexOf(w[0]) >= 0) w = w.slice(1);
    for (var j = 0; j < AR_SUFFIXES.length; j++) {
      var s = chars(AR_SUFFIXES[j]);
      if (endsWithChars(w, s) && w.length >= s.length + 2) {
        w = w.slice(0, w.length - s.length);
        break;
      }
    }
    return w.join("");
  }

  // Bengali (analysis/bengali.rs).
  var BN_SUFFIXES = ["গুলো", "গুলি", "দের", "েরা",
    "ের", "কে", "তে", "টি", "টা", "রা", "ে"];

  function bengaliStem(word) {
    var w = chars(word);
    for (var i = 0; i < BN_SUFFIXES.length; i++) {
      var s = chars(BN_SUFFIXES[i]);
      if (endsWithChars(w, s) && w.length >= s.length + 2) return w.slice(0, w.length - s.length).join("");
    }
    return word;
  }

  // Polish (analysis/polish.rs) and Somali (analysis/somali.rs), for words of plain a–z.
  var PL_SUFFIXES = ["owie", "ami", "ach", "ego", "emu", "ymi", "imi", "ych", "ich", "iem", "om", "em", "ow", "ie",
    "ia", "iu", "ej", "mi", "a", "e", "i", "o", "u", "y"];
  var SO_SUFFIXES = ["ooyinka", "ooyin", "yada", "yaha", "ada", "aha", "kii", "tii", "ka", "ga", "ta", "da", "ha"];

  function polishStem(word) {
    var w = word;
    for (var round = 0; round < 2; round++) {
      var hit = null;
      for (var i = 0; i < PL_SUFFIXES.length && hit === null; i++) {
        if (endsWith(w, PL_SUFFIXES[i]) && w.length >= PL_SUFFIXES[i].length + 3) hit = PL_SUFFIXES[i];
      }
      if (hit === null) break;
      w = w.slice(0, w.length - hit.length);
    }
    return w;
  }

  function somaliStem(word) {
    var w = word;
    for (var i = 0; i < SO_SUFFIXES.length; i++) {
      if (endsWith(w, SO_SUFFIXES[i]) && w.length >= SO_SUFFIXES[i].length + 3) {
        w = w.slice(0, w.length - SO_SUFFIXES[i].length);
        break;
      }
    }
    if (w.length >= 4 && "aeiou".indexOf(w[w.length - 1]) >= 0) w = w.slice(0, -1);
    return w;
  }

  // Any language (analysis/stem.rs `stem`): what documents are indexed with.
  function stem(word) {
    if (inRange(word, 0x0600, 0x06FF)) return arabicStem(word);
    if (inRange(word, 0x0980, 0x09FF)) return bengaliStem(word);
    return english(word);
  }

  // In the query's language (`stem_in`): Polish and Somali for words of plain a–z.
  function stemIn(word, lang) {
    var latin = /^[a-z]+$/.test(word);
    if (lang === "pl" && latin) return polishStem(word);
    if (lang === "so" && latin) return somaliStem(word);
    return stem(word);
  }

  function terms(text) {
    return words(text).filter(function (w) { return !isStopWord(w); }).map(stem);
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

  // Five letters or more as typed, four or more stemmed (may_have_typo in analysis/mod.rs).
  function mayHaveTypo(typed, stemmed) {
    return chars(typed).length >= TYPO_MIN_LETTERS && chars(stemmed).length >= 4;
  }

  // {concept: "phrase|phrase"}, "filler|words" → {phrases: Map(phrase → [concepts]), longest,
  // tokens: Set, filler: Set, concepts: Set}
  function synonyms(table, fill) {
    return addSynonyms({ phrases: new Map(), longest: 0, tokens: new Set(), filler: new Set(), concepts: new Set() }, table, fill);
  }

  // Adds a table of phrases and filler words (a language's `words-<code>.json`) to `syn`.
  function addSynonyms(syn, table, fill) {
    Object.keys(table || {}).forEach(function (concept) {
      syn.concepts.add(concept);
      table[concept].split("|").forEach(function (p) {
        if (!syn.phrases.has(p)) syn.phrases.set(p, []);
        if (syn.phrases.get(p).indexOf(concept) < 0) syn.phrases.get(p).push(concept);
        var ts = p.split(" ");
        ts.forEach(function (t) { syn.tokens.add(t); });
        syn.longest = Math.max(syn.longest, ts.length);
      });
    });
    (fill ? fill.split("|") : []).forEach(function (w) { syn.filler.add(w); });
    return syn;
  }

  // The script of a folded word, as the index names them: "arab", "beng", "latn" ("" for numbers).
  function scriptOf(word) {
    if (inRange(word, 0x0600, 0x06FF)) return "arab";
    if (inRange(word, 0x0980, 0x09FF)) return "beng";
    if (/^[0-9]+$/.test(word)) return "";
    return /^[a-z0-9]+$/.test(word) ? "latn" : "";
  }

  // The first phrase some choice of stems for `slots` spells (the last position moving
  // fastest), as Synonyms::first_phrase.
  function firstPhrase(syn, slots) {
    var choice = slots.map(function () { return 0; });
    for (;;) {
      var cs = syn.phrases.get(slots.map(function (s, k) { return s[choice[k]]; }).join(" "));
      if (cs) return cs;
      var p = slots.length;
      for (;;) {
        if (p === 0) return null;
        p--;
        choice[p]++;
        if (choice[p] < slots[p].length) break;
        choice[p] = 0;
      }
    }
  }

  function ageAt(typed, i) {
    var number = function (w) {
      var d = endsWith(w, "s") ? w.slice(0, -1) : w;
      if (!d || d.length > 3 || !/^[0-9]+$/.test(d)) return null;
      var n = +d;
      return n <= 120 ? n : null;
    };
    if (i + 1 >= typed.length) return null;
    if (AGE_BEFORE.indexOf(typed[i]) >= 0) return number(typed[i + 1]);
    if (AGE_AFTER.indexOf(typed[i + 1]) >= 0) return number(typed[i]);
    return null;
  }

  // The crisis categories a query's words describe (crisis::Lexicon::detect_words), with
  // `table` the index's `crisis`.
  function crisisOf(typed, lang, table) {
    if (!table) return [];
    var stems = new Set();
    typed.forEach(function (w) { stems.add(stem(w)); stems.add(stemIn(w, lang)); });
    return table.c.filter(function (entry) {
      return entry[1].some(function (p) {
        return p.split(" ").every(function (alts) {
          return alts.split("|").some(function (a) { return stems.has(a); });
        });
      });
    }).map(function (entry) { return entry[0]; });
  }

  // The query as analysis::query makes it: {words: [{term, typo, prefix, filler}], concepts:
  // [{concept, factor, covers}] sorted by concept, crisis: [categories]}. `opts`: {lang, typing,
  // known(term)}; `crisis` the index's crisis table.
  function analyse(text, syn, opts, crisis) {
    opts = opts || {};
    var lang = opts.lang || "";
    var typed = words(text);
    var tokens = typed.map(function (w) {
      var any = stem(w);
      var own = stemIn(w, lang);
      return own === any ? [any] : [any, own];
    });
    var known = function (t) { return (opts.known ? opts.known(t) : false) || syn.tokens.has(t); };
    var keep = function (c) { return syn.concepts.has(c); };
    var out = [];
    var wordOf = [];
    typed.forEach(function (w, k) {
      var t = tokens[k][0];
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
        var unknown = !known(t);
        out.push({
          term: t,
          typo: unknown && mayHaveTypo(w, t),
          prefix: (!!opts.typing && k + 1 === typed.length) || (unknown && chars(t).length >= PREFIX_MIN_LETTERS),
          filler: syn.filler.has(t),
          known: !unknown
        });
      }
    });
    var found = new Map(); // concept → {factor, positions: Set}
    var add = function (c, factor, from, len) {
      if (!found.has(c)) found.set(c, { factor: 0, positions: new Set() });
      var e = found.get(c);
      e.factor = Math.max(e.factor, factor);
      for (var p = from; p < from + len; p++) e.positions.add(p);
    };
    var i = 0;
    while (i < tokens.length) {
      var hit = 0;
      for (var len = Math.min(syn.longest, tokens.length - i); len >= 1; len--) {
        var cs = firstPhrase(syn, tokens.slice(i, i + len));
        if (cs) {
          cs.forEach(function (c) { add(c, 1, i, len); });
          hit = len;
          break;
        }
      }
      var st = tokens[i][0];
      if (!hit && mayHaveTypo(typed[i], st) && !known(st)) {
        syn.phrases.forEach(function (cs, p) {
          if (p.indexOf(" ") < 0 && chars(p).length >= TYPO_MIN_LETTERS && oneEdit(p, st)) {
            cs.forEach(function (c) { add(c, TYPO_FACTOR, i, 1); });
          }
        });
      }
      // A phrase's words name only what the phrase names: the next phrase starts after it.
      i += Math.max(hit, 1);
    }
    for (var a = 0; a < typed.length; a++) {
      var age = ageAt(typed, a);
      if (age !== null) add("age:" + age, 1, a, 2);
    }
    var categories = crisisOf(typed, lang, crisis);
    var fromCrisis = new Set();
    categories.forEach(function (cat) {
      ((crisis && crisis.n && crisis.n[cat]) || []).forEach(function (c) {
        if (!keep(c)) return;
        fromCrisis.add(c);
        add(c, 1, 0, typed.length);
        found.get(c).factor = 1;
      });
    });
    var concepts = Array.from(found.keys()).sort().map(function (c) {
      var covers = [];
      found.get(c).positions.forEach(function (p) {
        if (wordOf[p] !== null && wordOf[p] !== undefined && covers.indexOf(wordOf[p]) < 0) covers.push(wordOf[p]);
      });
      covers.sort(function (x, y) { return x - y; });
      return { concept: c, factor: found.get(c).factor, covers: covers, crisis: fromCrisis.has(c) };
    });
    return { words: out, concepts: concepts, crisis: categories };
  }

  // ---- Filters (facets::Condition) and the plan (search/plan.rs) ----

  // The filter a concept stands for: [key, value], or null.
  function conditionOf(concept) {
    var at = concept.indexOf(":");
    if (at < 0) return null;
    var kind = concept.slice(0, at);
    var id = concept.slice(at + 1);
    if (kind === "f" && id === "free") return ["f", "free"];
    if (kind === "j" && id === "self") return ["f", "self"];
    if (kind === "x" && id === "step-free") return ["f", "step"];
    if (kind === "d") return ["d", id];
    if (kind === "t") return { morning: ["t", "m"], afternoon: ["t", "a"], evening: ["t", "e"] }[id] || null;
    if (kind === "au" && (id === "women" || id === "men")) return ["au", id];
    if (kind === "l") return ["l", id];
    if (kind === "age" && /^[0-9]+$/.test(id) && +id <= 255) return ["a", id];
    return null;
  }

  // Condition::all: flags each on their own, other keys once with their values joined.
  function conditionsOf(concepts) {
    var out = [];
    concepts.forEach(function (c) {
      var cond = conditionOf(c);
      if (!cond) return;
      if (cond[0] === "f") {
        if (!out.some(function (o) { return o[0] === "f" && o[1] === cond[1]; })) out.push(cond);
        return;
      }
      var o = null;
      out.forEach(function (x) { if (x[0] === cond[0]) o = x; });
      if (!o) out.push([cond[0], cond[1]]);
      else if (o[0] !== "a" && o[1].split(" ").indexOf(cond[1]) < 0) o[1] = o[1] + " " + cond[1];
    });
    return out;
  }

  // Whether `facets` pass every condition ([key, value]); as site.js's `passes` and
  // Facets::passes: an age must be within the listing's range, "*" passes any ward.
  function passes(facets, conditions) {
    return conditions.every(function (c) {
      var have = facets[c[0]];
      if (c[0] === "a") {
        var range = (have || "0-999").split("-");
        return +c[1] >= +range[0] && +c[1] <= +range[1];
      }
      if (have === "*") return true;
      var list = " " + (have || "") + " ";
      return c[1].split(" ").some(function (v) { return list.indexOf(" " + v + " ") >= 0; });
    });
  }

  function bitCount(m) {
    var n = 0;
    while (m) { n += m & 1; m >>>= 1; }
    return n;
  }

  // Plan::of (src/search/plan.rs): filters, scoring words, required and unknown words, topic
  // groups with what each covers and which are strong, filter concepts that rank.
  function plan(q, lang) {
    var isFilter = function (c) { return conditionOf(c.concept) !== null; };
    var conditions = conditionsOf(q.concepts.filter(isFilter).map(function (c) { return c.concept; }));
    var filtered = [];
    q.concepts.filter(isFilter).forEach(function (c) { filtered = filtered.concat(c.covers); });
    var ws = [];
    for (var w = 0; w < q.words.length && ws.length < MAX_WORDS; w++) if (filtered.indexOf(w) < 0) ws.push(w);
    var required = 0;
    var unknown = 0;
    ws.forEach(function (w, i) {
      if (q.words[w].filler) return;
      required |= 1 << i;
      if (!q.words[w].known) unknown |= 1 << i;
    });
    var bitsOf = function (covers) {
      var m = 0;
      covers.forEach(function (w) { var i = ws.indexOf(w); if (i >= 0) m |= 1 << i; });
      return m;
    };
    var groups = [];
    var groupCovers = [];
    q.concepts.forEach(function (c, k) {
      if (isFilter(c)) return;
      var key = c.covers.join(",");
      var g = -1;
      for (var j = 0; j < groups.length && g < 0; j++) {
        if (groupCovers[j] === key && !c.crisis && !q.concepts[groups[j][0]].crisis) g = j;
      }
      if (g >= 0) groups[g].push(k);
      else if (groups.length < MAX_GROUPS) { groups.push([k]); groupCovers.push(key); }
    });
    var covers = groups.map(function (g) { return bitsOf(q.concepts[g[0]].covers); });
    var strong = 0;
    var topical = 0;
    groups.forEach(function (g, j) {
      var sure = g.some(function (k) { return q.concepts[k].factor >= 1; });
      if (sure && (covers[j] & required) !== 0) strong |= 1 << j;
      if (sure) topical |= covers[j];
    });
    var filters = [];
    q.concepts.forEach(function (c, k) {
      var f = conditionOf(c.concept);
      if (f && (f[0] === "l" || f[0] === "au") && filters.length < MAX_FILTERS) filters.push(k);
    });
    return {
      conditions: conditions, words: ws, required: required, unknown: unknown,
      tolerance: lang && lang !== "en" ? 1 : 0, groups: groups, covers: covers, strong: strong,
      topical: topical, filters: filters
    };
  }

  function isEmptyPlan(p) {
    return !p.conditions.length && p.required === 0 && !p.groups.length;
  }

  function filtersOnly(p) {
    return p.conditions.length > 0 && p.required === 0 && p.strong === 0;
  }

  // The words and groups masks of a clause mask.
  function split(p, mask) {
    var nw = p.words.length;
    var ng = p.groups.length;
    return [mask & ((1 << nw) - 1), (mask >>> nw) & ((1 << ng) - 1)];
  }

  // Matched words count unless the phrase of a topic named without a typo holds them
  // (evidence only through the topic).
  function covered(p, words, groups) {
    var c = words & ~p.topical;
    p.covers.forEach(function (m, j) { if (groups & (1 << j)) c |= m; });
    return c & p.required;
  }

  function admit(p, mask) {
    if (filtersOnly(p)) return mask !== 0;
    var wg = split(p, mask);
    var cov = covered(p, wg[0], wg[1]);
    if (bitCount(p.unknown & ~cov) > p.tolerance) return false;
    if (wg[1] & p.strong) return true;
    var r = bitCount(p.required);
    var need = r <= 2 ? r : Math.ceil(2 * r / 3);
    return r > 0 && bitCount(cov) >= need;
  }

  function share(p, mask) {
    var r = bitCount(p.required);
    if (r === 0) return 1;
    var wg = split(p, mask);
    return bitCount(covered(p, wg[0], wg[1])) / r;
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
      self.syn = synonyms(m.syn, m.fill);
      self.crisis = m.crisis ? { c: m.crisis.c.map(function (e) { return [e[0], e[1].slice()]; }), n: m.crisis.n } : null;
      self.loadedLangs = {};
      self.split = !!m.chunks;
      if (!self.split) self.terms = m.terms;
      return self;
    });
    return this.ready;
  };

  // {lang: [name, summary, name translated?, summary translated?]} of doc `d` from the
  // languages loaded.
  Index.prototype.translationsOf = function (d) {
    var out = {};
    var tr = this.tr || {};
    Object.keys(tr).forEach(function (lang) { if (tr[lang][d]) out[lang] = tr[lang][d]; });
    return out;
  };

  // The languages whose words (`words-<code>.json`) a query needs and the index has not
  // loaded: the page's; those of the Arabic or Bengali script when a word is written in it;
  // those of the Latin script when a Latin word is unknown to the index and the words loaded.
  Index.prototype.languagesFor = function (typed, lang) {
    var self = this;
    var langs = this.manifest.langs || {};
    var want = {};
    var script = function (sc) { Object.keys(langs).forEach(function (l) { if (langs[l] === sc) want[l] = true; }); };
    if (lang && langs[lang]) want[lang] = true;
    typed.forEach(function (w) {
      var sc = scriptOf(w);
      if (sc === "arab" || sc === "beng") script(sc);
      else if (sc === "latn" && !isStopWord(w)) {
        var t = stem(w);
        if (!Object.prototype.hasOwnProperty.call(self.terms, t) && !self.syn.tokens.has(t) && !self.syn.filler.has(t)) script("latn");
      }
    });
    return Object.keys(want).filter(function (l) { return !self.loadedLangs[l]; }).sort();
  };

  // A language's words: the index's own file, or, when the build shares them (`words` in the
  // manifest: src/search/words.rs), the shared file with the phrases of the concepts this
  // index may name (its `syn`'s and `kept`), and the index's own terms and texts when it has
  // some in the language (`own`); a language the shared files lack has a full file (`full`).
  Index.prototype.wordsOf = function (code) {
    var self = this, m = this.manifest, name = "words-" + code + ".json";
    var has = function (list) { return (list || []).indexOf(code) >= 0; };
    if (!m.words || has(m.full)) return this.fetchJson(this.base + name);
    return Promise.all([this.fetchJson(this.base + m.words + name), has(m.own) ? this.fetchJson(this.base + name) : {}])
      .then(function (parts) {
        var w = parts[1], syn = {}, all = parts[0].syn || {};
        Object.keys(all).forEach(function (c) {
          if (Object.prototype.hasOwnProperty.call(m.syn, c) || (m.kept || []).indexOf(c) >= 0) syn[c] = all[c];
        });
        return { syn: syn, fill: parts[0].fill, crisis: parts[0].crisis, terms: w.terms, tr: w.tr };
      });
  };

  // Loads the words of these languages into the synonyms and crisis patterns.
  Index.prototype.loadLanguages = function (codes) {
    var self = this;
    return Promise.all(codes.map(function (code) {
      self.loadedLangs[code] = true;
      return self.wordsOf(code).then(function (w) { return [code, w]; });
    })).then(function (files) {
      // In a fixed order, whatever order the fetches end in.
      files.sort(function (a, b) { return a[0] < b[0] ? -1 : 1; }).forEach(function (f) {
        var w = f[1];
        addSynonyms(self.syn, w.syn, w.fill);
        // A single-file index ships the terms only listings' translations hold, and the
        // listings' own text in the language, with the language's words.
        if (w.terms) {
          Object.keys(w.terms).forEach(function (t) { self.terms[t] = w.terms[t]; });
          self.allKeys = null;
        }
        if (w.tr) {
          if (!self.tr) self.tr = {};
          self.tr[f[0]] = w.tr;
        }
        if (self.crisis && w.crisis) {
          w.crisis.c.forEach(function (e) {
            self.crisis.c.forEach(function (mine) { if (mine[0] === e[0]) mine[1] = mine[1].concat(e[1]); });
          });
        }
      });
    });
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

  // Scores docs by the ranking rule of src/search/mod.rs: Map(doc → score) of the docs the plan
  // `p` admits: over the clauses (words, topic groups, filters) the sum of each one's best
  // weight, times the share of required words covered (weights already hold the distance).
  // Needs the terms loaded.
  Index.prototype.score = function (q, p) {
    var totals = new Map();
    var masks = new Map(); // doc → clause mask
    var self = this;
    var terms = this.terms;
    var clause = function (k, best) {
      best.forEach(function (s, d) {
        totals.set(d, (totals.get(d) || 0) + s);
        masks.set(d, (masks.get(d) || 0) | (1 << k));
      });
    };
    var bestOf = function (best, list, f) {
      decodePostings(list || []).forEach(function (post) {
        var s = f * post[1];
        if (!(best.get(post[0]) >= s)) best.set(post[0], s);
      });
    };
    p.words.forEach(function (wi, k) {
      var w = q.words[wi];
      var best = new Map();
      self.termsFor(w.term).forEach(function (t) {
        if (t.indexOf(":") >= 0 || !terms[t]) return;
        var f = 0;
        if (t === w.term) f = 1;
        else if (w.prefix && t.indexOf(w.term) === 0) f = PREFIX_FACTOR;
        else if (w.typo && chars(t).length >= TYPO_MIN_LETTERS && oneEdit(t, w.term)) f = TYPO_FACTOR;
        if (f) bestOf(best, terms[t], f);
      });
      clause(k, best);
    });
    var nw = p.words.length;
    p.groups.forEach(function (g, j) {
      var best = new Map();
      g.forEach(function (ci) { bestOf(best, terms[q.concepts[ci].concept], q.concepts[ci].factor); });
      clause(nw + j, best);
    });
    var ng = p.groups.length;
    p.filters.forEach(function (ci, j) {
      var best = new Map();
      bestOf(best, terms[q.concepts[ci].concept], 1);
      clause(nw + ng + j, best);
    });
    var out = new Map();
    totals.forEach(function (s, d) {
      var m = masks.get(d) || 0;
      if (admit(p, m)) out.set(d, s * share(p, m));
    });
    return out;
  };

  // Resolves to [{id, name, summary, walk, sessions, note, facets, translations, place, score}],
  // best first (translations: {lang: [name, summary, name translated?, summary translated?]};
  // place: {v: venue, o: online, p: by phone, a: across the area, w: [wards]} or null): the docs
  // matching `text` whose facets pass `keep` (when given) and the filters its words name. With
  // no words, the docs that pass, in the site's order (nearest first); with neither, none. The
  // array's `crisis` lists the crisis categories the text describes, whose help the page shows
  // first. `opts`: {lang: the page's language, typing: the last word is still being typed}.
  Index.prototype.search = function (text, keep, limit, opts) {
    var self = this;
    limit = limit || 20;
    return this.load().then(function () {
      if (!self.manifest.also) return self.searchHere(text, keep, limit, opts);
      // Services available everywhere live in an index every site shares: search both and
      // merge by score (with no words, this site's docs come first, nearest first).
      if (!self.alsoIndex) self.alsoIndex = new Index(self.base + self.manifest.also, self.fetchJson, self.fetchText);
      return Promise.all([
        self.searchHere(text, keep, limit, opts),
        self.alsoIndex.search(text, keep, limit, opts)
      ]).then(function (both) {
        var all = both[0].concat(both[1]);
        var ranked = all.some(function (h) { return h.score > 0; });
        if (ranked) all.sort(function (a, b) { return b.score - a.score; }); // stable: this site first
        var out = all.slice(0, limit);
        out.crisis = both[0].crisis;
        return out;
      });
    });
  };

  Index.prototype.searchHere = function (text, keep, limit, opts) {
    var self = this;
    opts = opts || {};
    return this.load().then(function () {
      var typed = words(text || "");
      var stems = typed.map(stem);
      // The terms of the query's words first: whether the index knows a word decides how it
      // may match.
      return self.ensureTerms(stems).then(function () {
        return self.loadLanguages(self.languagesFor(typed, opts.lang));
      }).then(function () {
        var known = function (t) { return Object.prototype.hasOwnProperty.call(self.terms, t); };
        var q = analyse(text || "", self.syn, { lang: opts.lang, typing: opts.typing, known: known }, self.crisis);
        var p = plan(q, opts.lang);
        var needed = q.words.map(function (w) { return w.term; }).concat(q.concepts.map(function (c) { return c.concept; }));
        return self.ensureTerms(needed).then(function () {
          var ranked = [];
          var noWords = !q.words.length && !q.concepts.length;
          var filters = p.conditions;
          var pass = (keep || filters.length) ? function (facets) {
            return (!keep || keep(facets)) && passes(facets, filters);
          } : null;
          var clauses = p.words.length + p.groups.length + p.filters.length;
          if (noWords || (filtersOnly(p) && clauses === 0)) {
            // Filters alone: the docs that pass, in the site's order (nearest first).
            if (pass) for (var d = 0; d < self.manifest.n; d++) ranked.push([d, 0]);
          } else if (!isEmptyPlan(p)) {
            self.score(q, p).forEach(function (sc, doc) { ranked.push([doc, sc]); });
            ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          }
          return Promise.resolve(self.pick(ranked, pass, limit)).then(function (hits) {
            hits.crisis = q.crisis;
            return hits;
          });
        });
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
            note: doc[6] || "", facets: doc[5] || {}, translations: doc[7] || self.translationsOf(batch[k][0]),
            place: doc[8] || null,
            score: batch[k][1] / 10
          });
        });
        return step(from + batch.length);
      });
    };
    return Promise.resolve(step(0));
  };

  var api = {
    fold: fold, words: words, stem: stem, stemIn: stemIn, terms: terms, isStopWord: isStopWord,
    oneEdit: oneEdit, synonyms: synonyms, analyse: analyse, plan: plan, admit: admit, share: share,
    filtersOnly: filtersOnly,
    conditionOf: conditionOf, passes: passes, crisisOf: crisisOf, Index: Index,
    FOLD: FOLD, STRIP: STRIP, STOP_WORDS: STOP_WORDS
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else global.SignpostSearch = api;
})(this);
