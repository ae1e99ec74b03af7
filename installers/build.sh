#!/usr/bin/env bash
# Builds Railyard's installers with jpackage (JDK 17+).
#
#   installers/build.sh                 app-image, plus a .deb on Linux
#   installers/build.sh app-image       only the app-image
#   installers/build.sh deb|rpm|msi|exe|dmg|pkg   one package type (build each on its own OS)
#
# The shaded target/railyard.jar carries JavaFX for the OS it was built on, so each
# installer is built on the OS it is for. Output goes to target/installers/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$root/target/installers"
input="$root/target/jpackage-input"
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -1)

command -v jpackage >/dev/null || { echo "jpackage not found: install a JDK 17+ (not just a JRE)" >&2; exit 1; }

if [ ! -f "$root/target/railyard.jar" ] || [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -B -q -DskipTests package)
fi

rm -rf "$input" && mkdir -p "$input" "$out"
cp "$root/target/railyard.jar" "$input/"
# Which methods C2 may compile: the ciphers, the digests and the restore's scan (C1 the rest), as the railyard launcher does.
cp "$root/src/main/launcher/railyard-jit.json" "$input/"

case "$(uname -s)" in
  Linux*)  os=linux;   icon="$here/icons/railyard.png" ;;
  Darwin*) os=mac;     icon="$here/icons/railyard.icns" ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; icon="$here/icons/railyard.ico" ;;
  *) echo "Unknown OS $(uname -s)" >&2; exit 1 ;;
esac

# Options every package shares: the jar on the class path, a JVM sized for a desktop app.
common=(
  --name Railyard
  --app-version "$version"
  --vendor "Railyard"
  --description "Desktop DBA console for PostgreSQL and MySQL on Railway"
  --input "$input"
  --main-jar railyard.jar
  --main-class dev.railyard.Main
  --icon "$icon"
  --java-options "-Xmx1g"
  --java-options "-XX:SurvivorRatio=2"
  --java-options "-XX:+UnlockDiagnosticVMOptions"
  --java-options "-XX:-DisplayVMOutput"
  --java-options "-XX:CompilerDirectivesFile=\$APPDIR/railyard-jit.json"
  --java-options "-XX:CompileCommand=quiet"
  --java-options "-XX:CompileCommand=CompileThresholdScaling,com/sun/crypto/provider/*.*,0.05"
  --java-options "-XX:CompileCommand=CompileThresholdScaling,sun/security/provider/*.*,0.05"
  --java-options "-Dprism.lcdtext=false"
  --dest "$out"
)

build() {
  local type=$1
  shift
  echo "Building $type in $out"
  [ "$type" = app-image ] && rm -rf "${out:?}/Railyard"
  jpackage --type "$type" "${common[@]}" "$@"
}

types=("$@")
if [ ${#types[@]} -eq 0 ]; then
  types=(app-image)
  [ "$os" = linux ] && types+=(deb)
fi

for type in "${types[@]}"; do
  case "$type" in
    app-image) build app-image ;;
    # Depends must name GTK: the JavaFX window needs it, and jpackage does not add it.
    deb) build deb --resource-dir "$here/linux" --linux-package-deps "libgtk-3-0" --linux-shortcut --linux-menu-group "Development;Database" \
           --linux-app-category database --linux-deb-maintainer "team@railyard.dev" ;;
    rpm) build rpm --linux-package-deps "gtk3" --linux-shortcut --linux-menu-group "Development;Database" ;;
    msi|exe) build "$type" --win-menu --win-shortcut --win-dir-chooser --win-menu-group Railyard \
           --win-upgrade-uuid "3f4f6a52-8c1e-4c55-9a3b-4f8f0b0a7d21" ;;
    dmg|pkg) build "$type" --mac-package-identifier dev.railyard.app --mac-package-name Railyard ;;
    *) echo "Unknown installer type '$type'" >&2; exit 2 ;;
  esac
done
ls -la "$out"
