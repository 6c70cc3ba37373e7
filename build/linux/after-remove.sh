#!/bin/bash
# After removing the deb: the links made by after-install.sh.
rm -f '/usr/bin/${executable}'
if [ "$(readlink '/usr/bin/journal')" = '/opt/${sanitizedProductName}/journal' ]; then
    rm -f '/usr/bin/journal'
fi
if [ -f '/etc/apparmor.d/${executable}' ]; then
    if apparmor_status --enabled > /dev/null 2>&1 && hash apparmor_parser 2>/dev/null; then
        apparmor_parser --remove '/etc/apparmor.d/${executable}' || true
    fi
    rm -f '/etc/apparmor.d/${executable}'
fi
