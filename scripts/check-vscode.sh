#!/usr/bin/env bash
# The VS Code extension (editors/vscode/): its pinned dev dependencies
# installed from package-lock.json (`npm ci`, into the extension folder),
# the TextMate grammar tested on the fixtures in editors/vscode/tests/
# (vscode-tmgrammar-test), and the extension packaged as a .vsix
# (@vscode/vsce), copied to target/policyc.vsix. Uses npm only.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"

npm ci --no-audit --no-fund
npm run --silent test:grammar
npm run --silent package
mkdir -p ../../target
cp policyc.vsix ../../target/policyc.vsix
echo "check-vscode: grammar tests passed; target/policyc.vsix packaged"
