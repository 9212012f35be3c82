vcl 4.1;
# Valund's page cache in front of the web processes (Debian's varnish, 7.1): nginx (TLS, rate
# limits, deploy/nginx.conf) -> Varnish (this file) -> gunicorn. It keeps what the site calls
# public (Cache-Control: public, s-maxage: visitors' pages, marketplace/core/pagecache.py) and
# nothing else: a member's page (a session cookie) goes to the site every time, and an answer
# that sets a cookie or says private is never stored. Wagtail's frontend cache and pages/purge.py
# send PURGE <path> when a profile changes, and BAN / when the page tree or a site changes
# (every page shows the menu and the footer); FRONTEND_CACHE_URL names this Varnish.
#
#   varnishd -a 127.0.0.1:6081 -f /etc/varnish/valund.vcl -s malloc,256m
#
# On loopback only: nginx in front is the one way in (a visitor reaching Varnish directly could
# write their own X-Forwarded-For). With web processes on several hosts, declare one backend
# per process and a round-robin director (vmod directors), and add their network to purgers.
#
# tests/production/test_varnish.py runs this file, in front of a live server, in CI.

import std;

backend valund {
    .host = "127.0.0.1";
    .port = "8000";
    # /healthz answers from the process alone (no database): a sick backend means the web
    # processes are down, and the cached pages are then served stale (stale-if-error).
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: the web processes (same host or the private network).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from " + client.ip));
        }
        # The path with every query string: a profile's change retires every search of the
        # directory that may list it. Paths are the site's own (slugs, no regex characters).
        ban("obj.http.x-url ~ ^" + regsub(req.url, "\?.*$", "") + "(\?|$)");
        return (synth(200, "Purged"));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Banning is not allowed from " + client.ip));
        }
        # Every page: the page tree or a site changed (a page moved, renamed or deleted with
        # its descendants, the menu or the footer's standard pages, which every page shows).
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Members (a session) or a visitor with a message waiting: the site.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # The language the switcher remembered chooses only where the address has none (the
    # redirect of an old unprefixed address, private anyway); /sv/… and /en/… are the same
    # page for every visitor.
    if (req.url !~ "^/(sv|en)/" && req.http.Cookie ~ "(^|;\s*)django_language=") {
        return (pass);
    }
    # Other cookies (a CSRF token from a form seen earlier) change nothing on a public page.
    unset req.http.Cookie;
    # One variant per language the site speaks, as LocaleMiddleware would choose it.
    if (req.http.Accept-Language ~ "^\s*sv") {
        set req.http.Accept-Language = "sv";
    } elsif (req.http.Accept-Language ~ "^\s*en") {
        set req.http.Accept-Language = "en";
    } elsif (req.http.Accept-Language ~ "(^|,)\s*sv") {
        set req.http.Accept-Language = "sv";
    } else {
        set req.http.Accept-Language = "en";
    }
    # stale-while-revalidate while the site answers; the whole grace (stale-if-error) when not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.x-url = bereq.url;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "(^|,\s*)public" ||
            beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        # Remembered as not cacheable for a while, so requests for it do not wait on each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # beresp.ttl comes from s-maxage; kept a day longer to serve while the site is down.
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
