/* Referral tracking for shop pages. Include with
 *   <script src="https://<referrals host>/t.js" data-program="<programId>" defer></script>
 * Options: data-consent="required" (no cookie until referrals.consent(true) or Google Consent Mode's analytics_storage is granted),
 * data-cookie-days="<n>" (lifetime of a ref_click that came from a redirect link; default 30). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || (window.referrals && window.referrals.clickId)) {
    return;
  }

  var COOKIE = 'ref_click';
  var CLICK_ID = /^[0-9A-Za-z]{4,32}\.p[0-9a-z]{9}\.[a-z2-7]{12}\.[0-9]{1,4}$/;
  var programId = script.getAttribute('data-program') || '';
  var consentRequired = script.getAttribute('data-consent') === 'required';
  var cookieDays = Number(script.getAttribute('data-cookie-days')) || 30;
  var api = new URL(script.src, location.href).origin;
  var consented = !consentRequired;
  var current = null;
  var currentDays = cookieDays;

  function readCookie() {
    var match = document.cookie.match(/(?:^|;\s*)ref_click=([^;]*)/);
    var value = match ? decodeURIComponent(match[1]) : null;
    return value && CLICK_ID.test(value) ? value : null;
  }

  function writeCookie() {
    if (!consented || !current) {
      return;
    }
    var secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = COOKIE + '=' + encodeURIComponent(current) + '; Max-Age=' + Math.round(currentDays * 86400) + '; Path=/; SameSite=Lax' + secure;
  }

  function removeCookie() {
    document.cookie = COOKIE + '=; Max-Age=0; Path=/; SameSite=Lax';
  }

  // The address carries the click id for this page, so a reload neither loses it nor records a second click.
  function showInAddress(url, id) {
    url.searchParams.delete('via');
    url.searchParams.delete('ref');
    url.searchParams.set(COOKIE, id);
    history.replaceState(history.state, '', url.toString());
  }

  // Stripe keeps client_reference_id only of letters, digits, '-' and '_': '.' travels as '_'.
  function stripeReference(id) {
    return id.replace(/\./g, '_');
  }

  function decorate(root) {
    if (!current || !root.querySelectorAll) {
      return;
    }
    var links = root.querySelectorAll('a[href^="https://buy.stripe.com/"]');
    for (var i = 0; i < links.length; i++) {
      var link = new URL(links[i].href);
      if (!link.searchParams.has('client_reference_id')) {
        link.searchParams.set('client_reference_id', stripeReference(current));
        links[i].href = link.toString();
      }
    }
    var elements = root.querySelectorAll('stripe-buy-button, stripe-pricing-table');
    for (var j = 0; j < elements.length; j++) {
      if (!elements[j].hasAttribute('client-reference-id')) {
        elements[j].setAttribute('client-reference-id', stripeReference(current));
      }
    }
  }

  function use(id, days) {
    current = id;
    currentDays = days || cookieDays;
    writeCookie();
    decorate(document);
    document.dispatchEvent(new CustomEvent('referrals:click', { detail: { clickId: id } }));
  }

  function record(code, url) {
    var landing = new URL(url.toString());
    landing.hash = '';
    return fetch(api + '/api/v1/programs/' + encodeURIComponent(programId) + '/clicks', {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: code, landingUrl: landing.toString(), referrer: document.referrer || null })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (body && CLICK_ID.test(body.clickId)) {
        showInAddress(url, body.clickId);
        use(body.clickId, body.cookieDays);
      }
    })['catch'](function () { /* tracking never breaks the shop's page */ });
  }

  window.referrals = {
    /** The click id to hand to checkout, or null. */
    clickId: function () {
      return current;
    },
    /** Records the visitor's choice: true stores the click id in the ref_click cookie, false removes it. */
    consent: function (granted) {
      consented = !!granted;
      if (consented) {
        current = current || readCookie();
        writeCookie();
        decorate(document);
      } else if (consentRequired) {
        removeCookie();
      }
    },
    /** Fields for a Checkout Session the shop's server creates: client_reference_id and metadata.ref_click. */
    stripeCheckout: function () {
      return current ? { client_reference_id: stripeReference(current), metadata: { ref_click: current } } : {};
    },
    /** Paddle Billing customData for Paddle.Checkout.open({ customData: ... }); undefined without a click (Paddle wants no empty object). */
    paddleCustomData: function () {
      return current ? { ref_click: current } : undefined;
    }
  };

  // Google Consent Mode: gtag('consent', 'default' | 'update', { analytics_storage }) decides as consent() does.
  function fromConsentMode(entry) {
    if (entry && entry[0] === 'consent' && entry[2] && typeof entry[2].analytics_storage === 'string') {
      window.referrals.consent(entry[2].analytics_storage === 'granted');
    }
  }

  if (consentRequired) {
    var dataLayer = window.dataLayer = window.dataLayer || [];
    for (var k = 0; k < dataLayer.length; k++) {
      fromConsentMode(dataLayer[k]);
    }
    var push = dataLayer.push;
    dataLayer.push = function () {
      for (var n = 0; n < arguments.length; n++) {
        fromConsentMode(arguments[n]);
      }
      return push.apply(dataLayer, arguments);
    };
  }

  var address = new URL(location.href);
  var fromAddress = address.searchParams.get(COOKIE);
  var code = address.searchParams.get('via') || address.searchParams.get('ref');
  if (fromAddress && CLICK_ID.test(fromAddress)) {
    use(fromAddress);
  } else if (code && programId) {
    record(code, address);
  } else if (consented) {
    var stored = readCookie();
    if (stored) {
      current = stored;
    }
  }

  var ready = function () {
    decorate(document);
    if (window.MutationObserver) {
      new MutationObserver(function (changes) {
        for (var i = 0; i < changes.length; i++) {
          for (var j = 0; j < changes[i].addedNodes.length; j++) {
            var node = changes[i].addedNodes[j];
            if (node.nodeType === 1) {
              decorate(node.parentNode || node);
            }
          }
        }
      }).observe(document.documentElement, { childList: true, subtree: true });
    }
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
