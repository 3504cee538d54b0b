// Signpost: the shortlist page ([data-shortlist]), a "social prescription" to print or to
// hand to a resident's phone. It fills the page's <template> from the site's facts, which
// the page carries (<script type="application/json" data-shortlist-facts>; keys in
// src/render/shortlist.rs) for the ids in the address (?l=a,b), and shows that
// address, with nothing else in it, as a link to copy and as a QR code drawn here, on the
// device: no request leaves the page.
//
// The QR code (ISO/IEC 18004, as the posters' src/render/poster.rs): byte mode, error
// correction level M, the smallest version (1 to 40) that holds the text, the mask with the
// least penalty for long runs, 2×2 blocks and an unbalanced dark share, a four-module quiet
// zone. `cargo test --test it shortlist_qr::` decodes what qr() draws.
(function () {
  "use strict";

  // ---- QR code ----

  // Error correction codewords per block and number of blocks, level M, by version.
  var ECC = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
  var BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20,
    21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

  function rawModules(v) {
    var n = (16 * v + 128) * v + 64;
    if (v >= 2) {
      var a = Math.floor(v / 7) + 2;
      n -= (25 * a - 10) * a - 55;
      if (v >= 7) n -= 36;
    }
    return n;
  }
  function dataCodewords(v) { return (rawModules(v) >> 3) - ECC[v] * BLOCKS[v]; }

  // GF(256) product, modulo x^8 + x^4 + x^3 + x^2 + 1.
  function mul(x, y) {
    var z = 0;
    for (var i = 7; i >= 0; i--) {
      z = (z << 1) ^ ((z >>> 7) * 0x11d);
      z ^= ((y >>> i) & 1) * x;
    }
    return z;
  }
  // The Reed-Solomon error correction codewords of `data`.
  function ecc(data, degree) {
    var div = [], root = 1, i, j;
    for (i = 0; i < degree; i++) div.push(i === degree - 1 ? 1 : 0);
    for (i = 0; i < degree; i++) {
      for (j = 0; j < degree; j++) {
        div[j] = mul(div[j], root);
        if (j + 1 < degree) div[j] ^= div[j + 1];
      }
      root = mul(root, 2);
    }
    var rem = div.map(function () { return 0; });
    data.forEach(function (b) {
      var f = b ^ rem.shift();
      rem.push(0);
      for (var k = 0; k < degree; k++) rem[k] ^= mul(div[k], f);
    });
    return rem;
  }

  // The modules of `text`'s code, rows of booleans (true: dark), without the quiet zone.
  function qr(text) {
    var bytes = unescape(encodeURIComponent(text)).split("").map(function (c) { return c.charCodeAt(0); });
    var v = 1;
    while (v < 40 && 4 + (v < 10 ? 8 : 16) + 8 * bytes.length > 8 * dataCodewords(v)) v++;
    var cap = dataCodewords(v), bits = [];
    var put = function (n, len) { for (var i = len - 1; i >= 0; i--) bits.push((n >>> i) & 1); };
    put(4, 4);
    put(bytes.length, v < 10 ? 8 : 16);
    bytes.forEach(function (b) { put(b, 8); });
    put(0, Math.min(4, cap * 8 - bits.length));
    put(0, (8 - bits.length % 8) % 8);
    var data = [];
    for (var i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(""), 2));
    for (var pad = 0xec; data.length < cap; pad ^= 0xec ^ 0x11) data.push(pad);

    // Blocks with their error correction, interleaved.
    var nb = BLOCKS[v], el = ECC[v], raw = rawModules(v) >> 3, short = nb - raw % nb, len = Math.floor(raw / nb);
    var blocks = [], k = 0;
    for (i = 0; i < nb; i++) {
      var dat = data.slice(k, k += len - el + (i < short ? 0 : 1)), e = ecc(dat, el);
      if (i < short) dat.push(0);
      blocks.push(dat.concat(e));
    }
    var words = [];
    for (i = 0; i < blocks[0].length; i++) {
      for (var j = 0; j < nb; j++) if (i !== len - el || j >= short) words.push(blocks[j][i]);
    }

    var size = v * 4 + 17, m = [], fn = [], x, y;
    for (y = 0; y < size; y++) { m.push([]); fn.push([]); }
    var set = function (x, y, dark) { m[y][x] = dark; fn[y][x] = true; };
    for (i = 0; i < size; i++) { set(6, i, i % 2 === 0); set(i, 6, i % 2 === 0); }
    [[3, 3], [size - 4, 3], [3, size - 4]].forEach(function (c) {
      for (var dy = -4; dy <= 4; dy++) {
        for (var dx = -4; dx <= 4; dx++) {
          var d = Math.max(Math.abs(dx), Math.abs(dy)), xx = c[0] + dx, yy = c[1] + dy;
          if (xx >= 0 && xx < size && yy >= 0 && yy < size) set(xx, yy, d !== 2 && d !== 4);
        }
      }
    });
    if (v > 1) {
      var na = Math.floor(v / 7) + 2, step = v === 32 ? 26 : Math.ceil((v * 4 + 4) / (na * 2 - 2)) * 2, at = [6];
      for (var p = size - 7; at.length < na; p -= step) at.splice(1, 0, p);
      at.forEach(function (ay, a) {
        at.forEach(function (ax, b) {
          if ((a === 0 && b === 0) || (a === 0 && b === na - 1) || (a === na - 1 && b === 0)) return;
          for (var dy = -2; dy <= 2; dy++) {
            for (var dx = -2; dx <= 2; dx++) set(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
          }
        });
      });
    }
    var format = function (mask) {
      var d = mask, r = d; // level M: format bits 00
      for (var n = 0; n < 10; n++) r = (r << 1) ^ ((r >>> 9) * 0x537);
      var b = ((d << 10) | r) ^ 0x5412, bit = function (n) { return ((b >>> n) & 1) === 1; };
      for (n = 0; n <= 5; n++) set(8, n, bit(n));
      set(8, 7, bit(6)); set(8, 8, bit(7)); set(7, 8, bit(8));
      for (n = 9; n < 15; n++) set(14 - n, 8, bit(n));
      for (n = 0; n < 8; n++) set(size - 1 - n, 8, bit(n));
      for (n = 8; n < 15; n++) set(8, size - 15 + n, bit(n));
      set(8, size - 8, true);
    };
    format(0);
    if (v >= 7) {
      var r = v;
      for (i = 0; i < 12; i++) r = (r << 1) ^ ((r >>> 11) * 0x1f25);
      var vb = (v << 12) | r;
      for (i = 0; i < 18; i++) {
        var dark = ((vb >>> i) & 1) === 1, a1 = size - 11 + i % 3, b1 = Math.floor(i / 3);
        set(a1, b1, dark); set(b1, a1, dark);
      }
    }
    // The codewords, in two-module columns zigzagging from the bottom right.
    i = 0;
    for (var right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (var vert = 0; vert < size; vert++) {
        for (j = 0; j < 2; j++) {
          x = right - j;
          y = ((right + 1) & 2) === 0 ? size - 1 - vert : vert;
          if (!fn[y][x]) {
            m[y][x] = i < words.length * 8 && ((words[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
            i++;
          }
        }
      }
    }
    var flip = function (mask) {
      for (var y = 0; y < size; y++) {
        for (var x = 0; x < size; x++) {
          var t = [(x + y) % 2, y % 2, x % 3, (x + y) % 3, (Math.floor(x / 3) + Math.floor(y / 2)) % 2,
            x * y % 2 + x * y % 3, (x * y % 2 + x * y % 3) % 2, ((x + y) % 2 + x * y % 3) % 2][mask];
          if (!fn[y][x] && t === 0) m[y][x] = !m[y][x];
        }
      }
    };
    var penalty = function () {
      var score = 0, darkCount = 0, y, x;
      for (var pass = 0; pass < 2; pass++) {
        for (y = 0; y < size; y++) {
          for (var run = 1, x = 1; x <= size; x++) {
            var a = pass ? m[x - 1][y] : m[y][x - 1], b = x < size && (pass ? m[x][y] : m[y][x]);
            if (x < size && a === b) run++;
            else { if (run >= 5) score += run - 2; run = 1; }
          }
        }
      }
      for (y = 0; y < size; y++) {
        for (x = 0; x < size; x++) {
          if (m[y][x]) darkCount++;
          if (x < size - 1 && y < size - 1 && m[y][x] === m[y][x + 1] && m[y][x] === m[y + 1][x] && m[y][x] === m[y + 1][x + 1]) score += 3;
        }
      }
      return score + 10 * (Math.ceil(Math.abs(darkCount * 20 - size * size * 10) / (size * size)) - 1);
    };
    var best = 0, least = Infinity;
    for (var mask = 0; mask < 8; mask++) {
      flip(mask);
      format(mask);
      var s = penalty();
      if (s < least) { least = s; best = mask; }
      flip(mask);
    }
    flip(best);
    format(best);
    return m;
  }

  // The code as an <svg> drawing (one path of dark runs, as the posters' codes).
  function svg(text, label) {
    var m = qr(text), n = m.length + 8, d = "";
    m.forEach(function (row, y) {
      for (var x = 0; x < row.length; x++) {
        if (!row[x]) continue;
        for (var e = x; e < row.length && row[e]; e++);
        d += "M" + (x + 4) + " " + (y + 4) + "h" + (e - x) + "v1h-" + (e - x) + "z";
        x = e;
      }
    });
    var ns = "http://www.w3.org/2000/svg", el = document.createElementNS(ns, "svg");
    el.setAttribute("class", "qr");
    el.setAttribute("viewBox", "0 0 " + n + " " + n);
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", label);
    el.setAttribute("shape-rendering", "crispEdges");
    el.innerHTML = '<rect width="' + n + '" height="' + n + '" fill="#fff"/><path fill="#000" d="' + d + '"/>';
    return el;
  }

  if (typeof document === "undefined") {
    if (typeof module === "object") module.exports = { qr: qr };
    return;
  }

  // ---- The page ----

  var doc = document, win = window;
  function each(sel, f, within) { [].forEach.call((within || doc).querySelectorAll(sel), f); }
  var sheet = doc.querySelector("[data-shortlist]");
  if (!sheet || !win.fetch || !win.URL || !history.replaceState) return;
  var list = [];
  (new URLSearchParams(location.search).get("l") || "").split(",").forEach(function (id) {
    if (/^[a-z0-9-]{1,100}$/.test(id) && list.indexOf(id) < 0 && list.length < 30) list.push(id);
  });
  // This page's address with the list and nothing else.
  function address() {
    var u = new URL(location.href);
    u.search = list.length ? "?l=" + list.join(",") : "";
    u.hash = "";
    return u.href;
  }
  var date = sheet.querySelector("[data-date]"), now = new Date();
  date.textContent = date.getAttribute("data-format").replace("{day}", now.getDate())
    .replace("{month}", date.getAttribute("data-months").split("|")[now.getMonth()]).replace("{year}", now.getFullYear());
  var out = sheet.querySelector("[data-shortlist-list]"), tpl = doc.querySelector("template[data-shortlist-item]");
  var code = sheet.querySelector("[data-qr]"), link = sheet.querySelector("[data-link]"), copy = sheet.querySelector("[data-copy]");
  var label = copy && copy.textContent;
  if (copy) {
    copy.onclick = function () {
      var done = function () { copy.textContent = copy.getAttribute("data-copied"); };
      link.select();
      if (navigator.clipboard) navigator.clipboard.writeText(link.value).then(done, function () {});
      else if (doc.execCommand && doc.execCommand("copy")) done();
    };
  }
  // The site's facts, and those of services available everywhere when they have a file of
  // their own (large directories).
  var facts = sheet.querySelector("script[data-shortlist-facts]"), also = sheet.getAttribute("data-json-also");
  Promise.all([JSON.parse(facts ? facts.textContent : "{}"),
    also ? fetch(also, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : {}; }) : {}])
    .then(function (parts) { return Object.assign({}, parts[0], parts[1]); })
    .then(function render(all) {
      out.textContent = "";
      list = list.filter(function (id) { return Object.prototype.hasOwnProperty.call(all, id); });
      list.forEach(function (id) {
        var item = all[id], li = tpl.content.firstElementChild.cloneNode(true);
        each("[data-f]", function (el) {
          var k = el.getAttribute("data-f"), v = item[k], pre = el.getAttribute("data-href");
          if (!v || !v.length) return (el.closest("[data-row]") || el).remove();
          el.textContent = [].concat(v).join("\n");
          if (pre !== null) el.href = pre + (item[k + "h"] || v);
          if (item[k + "l"]) el.lang = item[k + "l"];
        }, li);
        li.querySelector("[data-remove]").onclick = function () {
          list.splice(list.indexOf(id), 1);
          render(all);
        };
        out.appendChild(li);
      });
      history.replaceState(history.state, "", address());
      if (code && link) {
        code.textContent = "";
        if (list.length) code.appendChild(svg(address(), code.getAttribute("data-label")));
        link.value = address();
        if (copy) copy.textContent = label;
      }
      sheet.querySelector("[data-shortlist-help]").hidden = !!out.children.length;
      each("[data-shortlist-more]", function (el) { el.hidden = !out.children.length; });
    })
    .catch(function () {});
})();
