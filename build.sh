#!/usr/bin/env bash
# Bytewise build driver. Every step is idempotent and cached in ./build; logs go to stderr.
#
#   ./build.sh serve      install what is missing, build the web app (optimized) and serve it on 127.0.0.1:$PORT (8080)
#   ./build.sh test       build and run every test: clang-format and clang-tidy, native doctest (ASan+UBSan), the same suites in wasm under node,
#                         CLI and reference tests (node), desktop app under Xvfb, browser tests (Playwright + Chromium),
#                         the fuzz targets for BW_FUZZ_SECONDS (10) each
#   ./build.sh cli ARGS   build (if needed) and run the native `bytewise` tool; only its output on stdout
#   ./build.sh dist       a self-contained static folder build/dist (html, js, wasm, data) for any static host
#   ./build.sh scorm      a SCORM 1.2 package build/bytewise-scorm12.zip (one SCO) for Moodle, Canvas, ...; prints its path
#   ./build.sh native     build and start the desktop app (SDL2 + OpenGL3)
#   ./build.sh lint       clang-format-14 check and clang-tidy-14 (bugprone-*, performance-*) over src/ and tests/
#   ./build.sh bench      benchmarks with their peers: one table + build/bench/results.json (not part of the test run)
#   ./build.sh verify     long verification sweeps (e.g. FP32→FP16 over all 2^32 inputs against F16C)
#   ./build.sh fuzz [S] [T...]  libFuzzer targets (tests/fuzz, clang-14, ASan+UBSan; all, or the named T), each for S seconds (default 60):
#                         one line per target (name, executions, coverage, findings); exit 1 on any finding
#   ./build.sh deps       only install and stage the dependencies
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$ROOT/build"
DEPS="$BUILD/deps"
PORT="${PORT:-8080}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
# Debian's emscripten 3.1.6 runs its JS optimizer with the machine's node, which does not look in
# Debian's module folder: without this, em++ fails with "Cannot find module 'acorn'".
export NODE_PATH=/usr/share/nodejs
export EM_CACHE_QUIET=1

log() { printf '\033[1;34m[build.sh]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[build.sh] error:\033[0m %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# Run a build step with its output on stderr (stdout stays clean for `cli`).
quiet() { "$@" 1>&2; }

# ---------------------------------------------------------------------------
# System packages (Debian) and npm packages (pinned in package.json + package-lock.json)
APT_PACKAGES=(cmake g++ make pkg-config python3 emscripten chromium doctest-dev fonts-dejavu-core
              libsdl2-dev libgl1-mesa-dri xvfb xauth fonttools
              brotli clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14 xz-utils zip)

ensure_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node.js/npm: keep whatever the machine has (e.g. Node 20); install Debian's only if absent.
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    quiet as_root apt-get update -q
    quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

ensure_npm() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm packages (package-lock.json)"
    (cd "$ROOT" && quiet npm ci --no-audit --no-fund)
  fi
}

# The machine's Debian mirror (deb822 sources first, then the classic list); empty when none is found.
mirror_uri() {
  local uri
  uri="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [ -n "$uri" ] || uri="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  printf '%s' "$uri"
}

# Debian source packages need a deb-src entry; we derive it from the machine's own mirror.
ensure_deb_src() {
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list 2>/dev/null; then
    local uri; uri="$(mirror_uri)"
    [ -n "$uri" ] || die "cannot find the Debian mirror URI to enable source packages"
    log "enabling Debian source packages from $uri"
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
      | as_root tee /etc/apt/sources.list.d/bytewise-src.sources >/dev/null
    quiet as_root apt-get update -q
  fi
}

fetch_source() {  # fetch_source <debian source package> <glob of the orig tarball>
  local pkg="$1" pattern="$2"
  mkdir -p "$DEPS"
  if ! compgen -G "$DEPS/$pattern" >/dev/null; then
    ensure_deb_src
    log "downloading Debian source package $pkg"
    (cd "$DEPS" && quiet apt-get source --download-only "$pkg")
  fi
  compgen -G "$DEPS/$pattern" | head -n 1
}

unpack() {  # unpack <tarball> <folder>: a fresh folder holding the tarball's top directory's contents
  rm -rf "$2" && mkdir -p "$2"
  tar xf "$1" -C "$2" --strip-components=1
}

# Dear ImGui 1.90.1 from Debian 13 (trixie)'s source package: 1.87+ has the input event queue, so a key
# pressed and released within one frame is still seen (1.86, bookworm's, loses it). The trixie source
# list lives in a private apt state folder (build/deps/apt-trixie): the machine's apt sources are untouched.
IMGUI_VERSION=1.90.1
stage_imgui() {
  [ -f "$DEPS/imgui-$IMGUI_VERSION/imgui.cpp" ] && return
  local pattern="imgui_${IMGUI_VERSION}*.orig.tar.*" D="$DEPS/apt-trixie"
  mkdir -p "$DEPS"
  if ! compgen -G "$DEPS/$pattern" >/dev/null; then
    local uri; uri="$(mirror_uri)"
    [ -n "$uri" ] || die "cannot find the Debian mirror URI to fetch Dear ImGui's trixie source package"
    mkdir -p "$D/lists/partial"
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" > "$D/trixie.sources"
    local opts=(-o "Dir::Etc::sourcelist=$D/trixie.sources" -o Dir::Etc::sourceparts=/nonexistent -o "Dir::State::Lists=$D/lists")
    log "downloading Dear ImGui $IMGUI_VERSION (Debian 13 source package)"
    quiet as_root apt-get "${opts[@]}" update -q
    (cd "$DEPS" && quiet as_root apt-get "${opts[@]}" source --download-only imgui)  # trixie's: 1.90.1+ds-1
  fi
  local tarball; tarball="$(compgen -G "$DEPS/$pattern" | head -n 1)"
  [ -n "$tarball" ] || die "Dear ImGui $IMGUI_VERSION source tarball not found in $DEPS (trixie's imgui package changed version?)"
  log "unpacking Dear ImGui ($(basename "$tarball"))"
  unpack "$tarball" "$DEPS/imgui.tmp"
  rm -rf "$DEPS/imgui-$IMGUI_VERSION" && mv "$DEPS/imgui.tmp" "$DEPS/imgui-$IMGUI_VERSION"
}

stage_doctest() {
  # Emscripten's sysroot must not see /usr/include, so the header-only doctest is staged on its own.
  mkdir -p "$DEPS/include/doctest"
  cmp -s /usr/include/doctest/doctest.h "$DEPS/include/doctest/doctest.h" 2>/dev/null ||
    cp /usr/include/doctest/doctest.h "$DEPS/include/doctest/doctest.h"
}

# Fonts from Debian's fonts-dejavu-core, subset to the glyphs we draw (Latin, Greek, math, arrows,
# super/subscripts, box drawing) so the page loads fast. Falls back to the full files without pyftsubset.
stage_fonts() {
  local out="$DEPS/fonts" src=/usr/share/fonts/truetype/dejavu
  [ -f "$out/.done" ] && return
  mkdir -p "$out"
  local unicodes="U+0020-007E,U+00A0-00FF,U+0100-017F,U+0391-03C9,U+2000-206F,U+2070-209F,U+20AC,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2500-257F,U+2580-259F,U+25A0-25FF,U+2600-26FF,U+2713-2717,U+FFFD"
  for f in DejaVuSans DejaVuSans-Bold DejaVuSansMono; do
    if command -v pyftsubset >/dev/null; then
      quiet pyftsubset "$src/$f.ttf" --unicodes="$unicodes" --output-file="$out/$f.ttf" --no-hinting --desubroutinize
    else
      cp "$src/$f.ttf" "$out/$f.ttf"
    fi
  done
  touch "$out/.done"
}

# The web build's fonts (build/deps/fonts-web): only what our panels, decks and quizzes draw — ASCII,
# Latin-1, Latin Extended-A, Greek, punctuation, super/subscripts, arrows, and every other character
# that occurs in src/ or assets/ (found here, so a new symbol in a panel or deck is picked up on the
# next build) — without OpenType layout tables (Dear ImGui does not use them). Brotli then sends
# ~75 KB instead of 223 KB and the atlas rasterizes about a third of the glyphs. Characters outside the
# set (e.g. rare math operators in an imported deck) draw as U+FFFD. The desktop keeps stage_fonts' set.
stage_fonts_web() {
  local out="$DEPS/fonts-web" src=/usr/share/fonts/truetype/dejavu unicodes
  command -v pyftsubset >/dev/null || die "pyftsubset (Debian package fonttools) is needed for the web fonts"
  unicodes="U+0020-007E,U+00A0-017F,U+0391-03C9,U+2000-206F,U+2070-209F,U+20AC,U+2190-21FF,U+2713-2717,U+FFFD,$(python3 - "$ROOT" <<'PY'
import pathlib, sys
root = pathlib.Path(sys.argv[1])
used = set()
for folder in ("src", "assets"):
    for f in (root / folder).rglob("*"):
        if f.is_file():
            used |= {ord(c) for c in f.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x17F}
print(",".join(f"U+{c:04X}" for c in sorted(used)))
PY
)"
  [ "$(cat "$out/.done" 2>/dev/null)" = "$unicodes" ] && return
  log "subsetting the web fonts to the characters we draw"
  mkdir -p "$out"
  for f in DejaVuSans DejaVuSans-Bold DejaVuSansMono; do
    quiet pyftsubset "$src/$f.ttf" --unicodes="$unicodes" --output-file="$out/$f.ttf" --no-hinting --desubroutinize \
      --layout-features='' --no-glyph-names --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM
  done
  printf '%s' "$unicodes" > "$out/.done"
}

# SDL2 for wasm, from Debian's source package, built once with SDL's own CMake (~5 min on 2 cores).
# (-sUSE_SDL=2 would download from GitHub and fails offline.)
stage_sdl2_web() {
  [ -f "$DEPS/sdl2-web/lib/libSDL2.a" ] && return
  local tarball; tarball="$(fetch_source libsdl2 'libsdl2_*.orig.tar.*')"
  log "building SDL2 for WebAssembly from $(basename "$tarball") (once; about 5 minutes)"
  rm -rf "$DEPS/sdl2-build"
  unpack "$tarball" "$DEPS/sdl2-src"
  quiet emcmake cmake -S "$DEPS/sdl2-src" -B "$DEPS/sdl2-build" -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$DEPS/sdl2-web"
  quiet cmake --build "$DEPS/sdl2-build" -j "$JOBS"
  quiet cmake --install "$DEPS/sdl2-build"
  rm -rf "$DEPS/sdl2-src" "$DEPS/sdl2-build"
}

deps_native() { ensure_apt; stage_doctest; stage_imgui; stage_fonts; }
deps_web() { deps_native; stage_fonts_web; stage_sdl2_web; }

# ---------------------------------------------------------------------------
# Builds. Folders: native (RelWithDebInfo: CLI, desktop app, verify), native-san (Debug, ASan+UBSan
# doctest suites), web (em++ -O2: app and wasm doctest suites).
configure() {  # configure <dir> <cmake args...>
  local dir="$1"; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    log "configuring $(basename "$dir")"
    quiet cmake -S "$ROOT" -B "$dir" -DBW_DEPS_DIR="$DEPS" "$@"
  fi
}

build_native() {  # build_native [targets...]
  configure "$BUILD/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  log "building native: ${*:-all}"
  quiet cmake --build "$BUILD/native" -j "$JOBS" ${1:+--target "$@"}
}

build_native_san() {
  configure "$BUILD/native-san" -DCMAKE_BUILD_TYPE=Debug -DBW_APP=OFF -DBW_SANITIZE=ON -DCMAKE_CXX_FLAGS=-O1
  log "building native tests with AddressSanitizer + UBSan"
  quiet cmake --build "$BUILD/native-san" -j "$JOBS"
}

build_web() {  # build_web [targets...]
  if [ ! -f "$BUILD/web/CMakeCache.txt" ]; then
    log "configuring web (emscripten)"
    quiet emcmake cmake -S "$ROOT" -B "$BUILD/web" -DBW_DEPS_DIR="$DEPS" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
  fi
  # The repo's package.json says "type": "module"; emscripten's .js outputs are CommonJS.
  [ -f "$BUILD/web/package.json" ] || echo '{"type": "commonjs"}' > "$BUILD/web/package.json"
  log "building web: ${*:-all}"
  quiet cmake --build "$BUILD/web" -j "$JOBS" ${1:+--target "$@"}
}

# The static site: our own shell + the emscripten outputs, our JS minified, and next to every text
# or binary file a brotli (.br) and a gzip (.gz) copy for servers that send precompressed files
# (serve_dir does; README "Performance" says how to configure common static hosts).
make_dist() {
  local out="$BUILD/dist"
  build_web bytewise_web
  rm -rf "$out.tmp" && mkdir -p "$out.tmp"
  cp "$ROOT"/web/* "$out.tmp/"
  cp "$BUILD/web/bytewise.js" "$BUILD/web/bytewise.wasm" "$BUILD/web/bytewise.data" "$out.tmp/"
  # The loader needs the uncompressed sizes for its progress bar (Content-Length is the compressed one).
  local sizes; sizes="{\"bytewise.wasm\": $(stat -c %s "$out.tmp/bytewise.wasm"), \"bytewise.data\": $(stat -c %s "$out.tmp/bytewise.data")}"
  sed -i "s|/\*BW_SIZES\*/null|$sizes|" "$out.tmp/loader.js"
  minify_js "$out.tmp"/loader.js "$out.tmp"/sw.js
  minify_inline_scripts "$out.tmp/index.html"
  # Cache-busting version for the service worker: content hash of what it caches.
  local stamp; stamp="$(cat "$out.tmp"/bytewise.* "$out.tmp"/loader.js "$out.tmp"/host.js "$out.tmp"/scorm12.js "$out.tmp/index.html" | sha256sum | cut -c1-12)"
  [ -f "$out.tmp/sw.js" ] && sed -i "s/__BUILD_STAMP__/$stamp/" "$out.tmp/sw.js"
  precompress "$out.tmp"
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "static site ready in $out ($(du -sh "$out" | cut -f1); sent compressed: $(cat "$out"/*.br | wc -c) bytes with brotli)"
}

# SCORM 1.2 package: the static site plus imsmanifest.xml (one SCO launching index.html?scorm=1).
make_scorm() {
  local out="$BUILD/bytewise-scorm12.zip" stage="$BUILD/scorm12.tmp" f files=""
  make_dist
  rm -rf "$stage" && cp -r "$BUILD/dist" "$stage"
  rm -f "$stage/embed-example.html"
  find "$stage" \( -name '*.br' -o -name '*.gz' \) -delete  # precompressed copies: LMSs serve the plain files
  for f in $(cd "$stage" && find . -type f | sed 's|^\./||' | sort); do files+="      <file href=\"$f\"/>"$'\n'; done
  cat > "$stage/imsmanifest.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="org.bytewise.scorm12" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="bytewise">
    <organization identifier="bytewise">
      <title>Bytewise: why large models run out of memory</title>
      <item identifier="study" identifierref="bytewise-sco" isvisible="true">
        <title>Study the model-memory cards (spaced repetition, computed quizzes, live calculators)</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="bytewise-sco" type="webcontent" adlcp:scormtype="sco" href="index.html?scorm=1">
${files}    </resource>
  </resources>
</manifest>
XML
  rm -f "$out.tmp" && (cd "$stage" && zip -q -X "$out.tmp" imsmanifest.xml && zip -q -X -r "$out.tmp" . -x imsmanifest.xml) && mv "$out.tmp" "$out"
  rm -rf "$stage"
  log "SCORM 1.2 package ready: $out ($(du -h "$out" | cut -f1))"
}

# JS minification with Emscripten's own optimizer (whitespace; names stay, the bridge depends on them).
minify_js() {
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    node /usr/share/emscripten/tools/acorn-optimizer.js "$f" minifyWhitespace > "$f.min" && mv "$f.min" "$f"
  done
}

minify_inline_scripts() {  # minify_inline_scripts <html>: each <script> without src, through minify_js
  python3 - "$1" <<'PY'
import re, subprocess, sys, tempfile, os
path = sys.argv[1]
html = open(path, encoding="utf-8").read()
def minify(m):
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False, encoding="utf-8") as t:
        t.write(m.group(2))
    try:
        out = subprocess.run(["node", "/usr/share/emscripten/tools/acorn-optimizer.js", t.name, "minifyWhitespace"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(t.name)
    return m.group(1) + out.strip() + "\n</script>"
html = re.sub(r"(<script>)(.*?)</script>", minify, html, flags=re.S)
open(path, "w", encoding="utf-8").write(html)
PY
}

precompress() {  # precompress <dir>: f.br (brotli -q 11) and f.gz (gzip -9) beside each file worth it
  local f
  for f in "$1"/*.html "$1"/*.js "$1"/*.wasm "$1"/*.data "$1"/*.json "$1"/*.svg "$1"/*.css; do
    [ -f "$f" ] || continue
    brotli -q 11 -f -k -o "$f.br" "$f"
    gzip -9 -n -c "$f" > "$f.gz"
  done
}

serve_dir() {  # serve_dir <dir> <port>: loopback only, correct MIME types, precompressed files, no stale caches
  python3 - "$1" "$2" <<'PY'
import email.utils, functools, http.server, os, sys
root, port = sys.argv[1], int(sys.argv[2])
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # preferred first
class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".data": "application/octet-stream"}
    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()
    def send_head(self):
        # A file with a precompressed copy is sent as that copy when the client accepts its encoding,
        # with the original's type; every such response says Vary: Accept-Encoding for caches.
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        variants = [(enc, path + ext) for enc, ext in ENCODINGS if os.path.isfile(path + ext)]
        accepted = {a.split(";")[0].strip().lower() for a in self.headers.get("Accept-Encoding", "").split(",")}
        chosen = next(((enc, p) for enc, p in variants if enc in accepted), (None, path))
        try:
            f = open(chosen[1], "rb")
        except OSError:
            self.send_error(404, "File not found")
            return None
        mtime = int(os.fstat(f.fileno()).st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if int(email.utils.parsedate_to_datetime(since).timestamp()) >= mtime:
                    f.close()
                    self.send_response(304)
                    if variants:
                        self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        self.send_response(200)
        self.send_header("Last-Modified", self.date_time_string(mtime))
        self.send_header("Content-Type", self.guess_type(path))
        if chosen[0]:
            self.send_header("Content-Encoding", chosen[0])
        if variants:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
        self.end_headers()
        return f
    def log_message(self, fmt, *args):
        sys.stderr.write("[serve] " + (fmt % args) + "\n")
try:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
except OSError as e:
    sys.exit(f"[build.sh] cannot serve on 127.0.0.1:{port} ({e.strerror}); try another port: PORT={port + 1} ./build.sh serve")
print(f"Bytewise is served at http://127.0.0.1:{port}/  (Ctrl-C stops)", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    print("\nstopped", file=sys.stderr)
PY
}

# ---------------------------------------------------------------------------
# Tests
RESULTS=()
record() { RESULTS+=("$1|$2"); }  # record <name> <pass|FAIL>
run_step() {  # run_step <name> <command...>
  local name="$1"; shift
  log "test: $name"
  if "$@"; then record "$name" pass; else record "$name" FAIL; fi
}

wasm_suites() {
  local rc=0 f
  for f in "$BUILD"/web/test_*.js; do
    [ -e "$f" ] || continue
    log "  wasm suite $(basename "$f")"
    (cd "$BUILD/web" && node --no-experimental-fetch "$f" --minimal) || rc=1
  done
  # A failing assertion must fail the wasm run too (exceptions are on for doctest's REQUIRE).
  if (cd "$BUILD/web" && node --no-experimental-fetch ./selfcheck_must_fail.js --minimal >/dev/null 2>&1); then
    echo "wasm self-check: a deliberately failing suite exited 0" >&2; rc=1
  fi
  return $rc
}

native_suites() {
  local rc=0 f
  for f in "$BUILD"/native-san/test_*; do
    [ -x "$f" ] || continue
    log "  native suite $(basename "$f")"
    "$f" --minimal || rc=1
  done
  if "$BUILD/native-san/selfcheck_must_fail" --minimal >/dev/null 2>&1; then
    echo "native self-check: a deliberately failing suite exited 0" >&2; rc=1
  fi
  return $rc
}

node_tests() {  # node_tests <dirs...>
  local files=()
  for d in "$@"; do
    while IFS= read -r f; do files+=("$f"); done < <(find "$ROOT/$d" -name '*.test.mjs' 2>/dev/null | sort)
  done
  [ ${#files[@]} -gt 0 ] || { log "  (no tests in $*)"; return 0; }
  BW_CLI="$BUILD/native/bytewise" BW_BUILD="$BUILD/native" BW_WEB_BUILD="$BUILD/web" BW_ROOT="$ROOT" \
    node --test --test-reporter=spec "${files[@]}"
}

desktop_smoke() {
  rm -f "$BUILD/desktop-smoke.ppm"
  BW_EXIT_AFTER_FRAMES=30 BW_SCREENSHOT="$BUILD/desktop-smoke.ppm" \
    timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$BUILD/native/bytewise_desktop" || return 1
  # The last frame must show something (not a blank window).
  python3 - "$BUILD/desktop-smoke.ppm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
header, pixels = data.split(b"\n", 3)[:3], data.split(b"\n", 3)[3]
lum = [pixels[i] * 0.299 + pixels[i + 1] * 0.587 + pixels[i + 2] * 0.114 for i in range(0, len(pixels), 3 * 97)]
mean = sum(lum) / len(lum)
var = sum((x - mean) ** 2 for x in lum) / len(lum)
print(f"desktop screenshot {header[1].decode()}: luminance variance {var:.0f}", file=sys.stderr)
sys.exit(0 if var > 50 else 1)
PY
}

e2e_tests() {
  local port=$((20000 + RANDOM % 20000)) pid rc=0
  serve_dir "$BUILD/dist" "$port" >/dev/null 2>&1 &
  pid=$!
  # shellcheck disable=SC2064
  trap "kill $pid 2>/dev/null || true" RETURN
  for _ in $(seq 50); do python3 -c "import socket;socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break; sleep 0.2; done
  BW_URL="http://127.0.0.1:$port/" BW_ARTIFACTS="$BUILD/e2e" BW_ROOT="$ROOT" BW_SCORM_ZIP="$BUILD/bytewise-scorm12.zip" \
    node --test --test-concurrency=1 --test-reporter=spec "$ROOT"/tests/e2e/*.test.mjs || rc=1
  return $rc
}

# Style and lint (Debian's clang-format-14 and clang-tidy-14; configs .clang-format and .clang-tidy):
# every C++ file of src/ and tests/ is formatted, and every translation unit of src/ passes
# bugprone-* and performance-* (compile commands from the native build).
format_check() {
  local files; mapfile -t files < <(cd "$ROOT" && find src tests \( -name '*.cpp' -o -name '*.h' \) | sort)
  (cd "$ROOT" && clang-format-14 --dry-run --Werror "${files[@]}")
}

tidy_check() {
  local files; mapfile -t files < <(cd "$ROOT" && find src -name '*.cpp' -not -path '*/entry/*' | sort)
  (cd "$ROOT" && printf '%s\n' "${files[@]}" | xargs -n 8 -P "$JOBS" clang-tidy-14 -p "$BUILD/native" --quiet)
}

summary() {
  local failed=0 passed=0 line
  echo >&2
  echo "================ Bytewise test summary ================" >&2
  for line in "${RESULTS[@]}"; do
    printf '  %-46s %s\n' "${line%%|*}" "${line##*|}" >&2
    if [ "${line##*|}" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
  echo "TEST SUMMARY: $passed passed, $failed failed" >&2
  [ $failed -eq 0 ]
}

cmd_test() {
  local t0=$SECONDS
  deps_web; ensure_npm
  run_step "format (clang-format-14, .clang-format)" format_check
  run_step "native doctest suites (ASan+UBSan)" eval 'build_native_san && native_suites'
  run_step "native build (CLI, desktop app, verify)" build_native
  run_step "lint (clang-tidy-14, .clang-tidy)" tidy_check
  run_step "headless panels (ImGui asserts, fits 900 px)" "$BUILD/native/test_app" --minimal
  run_step "CLI and reference tests (node)" node_tests tests/cli tests/ref
  run_step "desktop app starts under Xvfb" desktop_smoke
  run_step "wasm doctest suites (node)" eval 'build_web && wasm_suites'
  run_step "static site (dist)" make_dist
  run_step "SCORM 1.2 package" eval 'quiet make_scorm'
  run_step "browser tests (Playwright + Chromium)" e2e_tests
  run_step "fuzz targets, ${BW_FUZZ_SECONDS:-10} s each (libFuzzer, ASan+UBSan)" cmd_fuzz "${BW_FUZZ_SECONDS:-10}"
  log "tests took $((SECONDS - t0)) s"
  summary
}

# Lighthouse (pinned in its own folder so neither the test run nor the root lockfile pays for it).
ensure_lighthouse() {
  local dir="$ROOT/tests/bench/lighthouse"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing Lighthouse (tests/bench/lighthouse/package-lock.json)"
    (cd "$dir" && quiet npm ci --no-audit --no-fund --ignore-scripts) || log "Lighthouse could not be installed: tbt_ms falls back to long tasks"
  fi
}

# One table (stdout) and build/bench/results.json: tests/bench/report.mjs runs every benchmark with its
# peer (native Release and wasm builds, TF.js, ts-fsrs, @petamoriken/float16, Chromium on the served dist,
# Lighthouse). BW_REPS (default 3) runs of each side; medians.
cmd_bench() {
  deps_web; ensure_npm; ensure_lighthouse
  configure "$BUILD/release" -DCMAKE_BUILD_TYPE=Release -DBW_APP=OFF -DBW_TESTS=OFF
  quiet cmake --build "$BUILD/release" -j "$JOBS" --target bench_nn bench_fsrs bench_formats bench_quant
  build_web bench_nn bench_fsrs bench_formats bench_quant
  make_dist
  local port=$((20000 + RANDOM % 20000)) pid
  serve_dir "$BUILD/dist" "$port" >/dev/null 2>&1 &
  pid=$!
  # shellcheck disable=SC2064
  trap "kill $pid 2>/dev/null || true" RETURN
  for _ in $(seq 50); do python3 -c "import socket;socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break; sleep 0.2; done
  BW_NATIVE="$BUILD/release" BW_WEB_BUILD="$BUILD/web" BW_OUT="$BUILD/bench" BW_URL="http://127.0.0.1:$port/" \
    BW_LIGHTHOUSE="$ROOT/tests/bench/lighthouse/node_modules/lighthouse/cli/index.js" node "$ROOT/tests/bench/report.mjs"
}

cmd_verify() {
  deps_native
  configure "$BUILD/release" -DCMAKE_BUILD_TYPE=Release -DBW_APP=OFF -DBW_TESTS=OFF
  quiet cmake --build "$BUILD/release" -j "$JOBS"
  local f
  for f in "$BUILD"/release/verify_*; do [ -x "$f" ] && { log "verify $(basename "$f")"; "$f"; }; done
}

# ---------------------------------------------------------------------------
# Fuzzing: tests/fuzz/fuzz_<name>.cpp, seeds in tests/fuzz/corpus/<name>/ (committed, never written
# to), optional dictionary tests/fuzz/<name>.dict. New inputs go to build/fuzz/corpus/<name>/,
# findings (crash, UB, leak, timeout, out-of-memory inputs) to build/fuzz/findings/.
build_fuzz() {
  command -v clang++-14 >/dev/null || die "clang-14 is missing (apt-get install clang-14 libclang-rt-14-dev)"
  if [ ! -f "$BUILD/fuzz/CMakeCache.txt" ]; then
    log "configuring fuzz (clang-14, libFuzzer, ASan + UBSan)"
    quiet cmake -S "$ROOT" -B "$BUILD/fuzz" -DBW_DEPS_DIR="$DEPS" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
      -DBW_APP=OFF -DBW_TESTS=OFF -DBW_FUZZ=ON
  fi
  log "building fuzz targets"
  local targets=() f
  for f in "$ROOT"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
  quiet cmake --build "$BUILD/fuzz" -j "$JOBS" --target "${targets[@]}"
}

run_fuzzers() {  # run_fuzzers <seconds per target> [target ...] (default: every tests/fuzz/fuzz_*.cpp)
  local seconds="$1" failed=0 f name log corpus findings execs cov found dict
  shift
  local only=" $* "
  mkdir -p "$BUILD/fuzz/findings" "$BUILD/fuzz/logs"
  printf '%-14s %12s %8s %8s  %s\n' target executions cov features findings
  for f in "$ROOT"/tests/fuzz/fuzz_*.cpp; do
    name="$(basename "$f" .cpp)"; name="${name#fuzz_}"
    [ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || continue
    log="$BUILD/fuzz/logs/$name.log"
    corpus="$BUILD/fuzz/corpus/$name"
    findings="$BUILD/fuzz/findings/$name-"
    mkdir -p "$corpus"
    dict=(); [ -f "$ROOT/tests/fuzz/$name.dict" ] && dict=("-dict=$ROOT/tests/fuzz/$name.dict")
    rm -f "$findings"*
    local rc=0
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
      "$BUILD/fuzz/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$findings" "${dict[@]}" "$corpus" "$ROOT/tests/fuzz/corpus/$name" \
      >"$log" 2>&1 || rc=$?
    execs="$(awk '/stat::number_of_executed_units/{print $2}' "$log" | tail -1)"
    cov="$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)"
    local ft; ft="$( (grep -o 'ft: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)"
    found="$( (compgen -G "$findings*" || true) | wc -l)"
    if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
    printf '%-14s %12s %8s %8s  %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
      "$found$( [ "$found" -gt 0 ] && echo " (see $log)")"
    [ "$found" -eq 0 ] || failed=1
  done
  return $failed
}

cmd_fuzz() {
  local seconds="${1:-60}"
  [[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] ||
    die "usage: ./build.sh fuzz SECONDS [TARGET...] (SECONDS a whole number > 0; targets: tests/fuzz/fuzz_TARGET.cpp)"
  [ $# -gt 0 ] && shift
  local t
  for t in "$@"; do [ -f "$ROOT/tests/fuzz/fuzz_$t.cpp" ] || die "fuzz: no target '$t' (tests/fuzz/fuzz_$t.cpp)"; done
  deps_native
  build_fuzz
  run_fuzzers "$seconds" "$@"
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    serve)
      deps_web; make_dist
      serve_dir "$BUILD/dist" "$PORT" ;;
    test) cmd_test ;;
    cli)
      deps_native
      build_native bytewise
      exec "$BUILD/native/bytewise" "$@" ;;
    dist) deps_web; make_dist; echo "$BUILD/dist" ;;
    scorm) deps_web; quiet make_scorm; echo "$BUILD/bytewise-scorm12.zip" ;;
    native)
      deps_native; build_native bytewise_desktop
      exec "$BUILD/native/bytewise_desktop" "$@" ;;
    bench) cmd_bench ;;
    lint) deps_native; build_native; format_check; tidy_check ;;
    verify) cmd_verify ;;
    fuzz) cmd_fuzz "$@" ;;
    deps) deps_web; ensure_npm ;;
    *)
      sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
      exit 2 ;;
  esac
}

main "$@"
