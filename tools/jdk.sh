# Finds a JDK 25 or newer and exports JAVA_HOME and PATH for it. Sourced by ./nabla,
# ./run-tests and .ci/run, so that none of them depends on which java is first on PATH.
nabla_jdk_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

nabla_find_jdk() {
    local candidates=() dir major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for dir in /usr/lib/jvm/*; do candidates+=("$dir"); done
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for dir in "${candidates[@]}"; do
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        major=$(nabla_jdk_major "$dir")
        if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$dir"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "nabla: needs a JDK 25 or newer, and none was found (looked at \$JAVA_HOME, /usr/lib/jvm/*" \
         "and the java on PATH). Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
}
