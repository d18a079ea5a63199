// vanilla-cookieconsent 3.1.0, set up as its "Getting Started" page documents:
// the stylesheet in <head>, and this file as <script type="module"> in <body>,
// importing the UMD build and calling CookieConsent.run().
// Every option not written here keeps its documented default (mode 'opt-in',
// autoShow, manageScriptTags, lazyHtmlGeneration, hideFromBots, box layout
// at the bottom right, cookie 'cc_cookie' for 182 days...). The texts are the
// same English words icta-consent shows (pkg-config/icta.az.toml, [texts.en]),
// so the banners carry the same text.
import './cookieconsent.umd.js';

CookieConsent.run({
    categories: {
        necessary: {
            enabled: true,
            readOnly: true
        },
        preferences: {},
        analytics: {}
    },

    language: {
        default: 'en',
        translations: {
            en: {
                consentModal: {
                    title: 'Cookies on icta.az',
                    description: 'The icta.az website uses cookies to work correctly, remember your choices and analyse visits. Necessary cookies are always on; the others are used only with your consent. You can change your choice at any time. <a href="/privacy-policy/">Privacy Policy</a>',
                    acceptAllBtn: 'Accept all',
                    acceptNecessaryBtn: 'Reject all',
                    showPreferencesBtn: 'Customise'
                },
                preferencesModal: {
                    title: 'Cookie settings',
                    acceptAllBtn: 'Accept all',
                    acceptNecessaryBtn: 'Reject all',
                    savePreferencesBtn: 'Save choices',
                    closeIconLabel: 'Close',
                    sections: [
                        {
                            description: 'Choose which cookies you allow. Necessary cookies keep the site working and cannot be switched off.'
                        },
                        {
                            title: 'Necessary',
                            description: 'Needed for the site to work correctly and securely.',
                            linkedCategory: 'necessary'
                        },
                        {
                            title: 'Preferences',
                            description: 'Used to remember your language and other choices between visits.',
                            linkedCategory: 'preferences'
                        },
                        {
                            title: 'Analytics',
                            description: 'Used to collect aggregated information about visits so we can improve the site and its usability.',
                            linkedCategory: 'analytics'
                        }
                    ]
                }
            }
        }
    }
});
