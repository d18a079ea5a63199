// Klaro 0.7.22, set up as its README documents: this file and klaro.js (the
// build with its CSS and translations included) as two deferred scripts, the
// config first. The structure follows the annotated dist/config.js. Every
// option written out below is Klaro's default, spelled out, except
// acceptAll: true, the annotated example's setting, which gives the notice a
// one-click "accept all" (without it the notice's button accepts only the
// services that are on by default: none here). Consent is kept in Klaro's
// default 'klaro' cookie; the notice shows no title by default.
// The texts are the same English words icta-consent shows
// (pkg-config/icta.az.toml, [texts.en]), so the banners carry the same text.
var klaroConfig = {
    version: 1,
    elementID: 'klaro',
    lang: 'en',
    default: false,
    mustConsent: false,
    acceptAll: true,
    hideDeclineAll: false,
    hideLearnMore: false,
    noticeAsModal: false,
    htmlTexts: false,
    groupByPurpose: true,
    storageMethod: 'cookie',
    cookieName: 'klaro',

    translations: {
        zz: {
            privacyPolicyUrl: '/privacy-policy/',
        },
        en: {
            ok: 'Accept all',
            acceptAll: 'Accept all',
            decline: 'Reject all',
            save: 'Save choices',
            close: 'Close',
            privacyPolicy: {
                name: 'Privacy Policy',
            },
            consentNotice: {
                title: 'Cookies on icta.az',
                description: 'The icta.az website uses cookies to work correctly, remember your choices and analyse visits. Necessary cookies are always on; the others are used only with your consent. You can change your choice at any time. {privacyPolicy}',
                learnMore: 'Customise',
            },
            consentModal: {
                title: 'Cookie settings',
                description: 'Choose which cookies you allow. Necessary cookies keep the site working and cannot be switched off.',
            },
            purposes: {
                functional: {
                    title: 'Necessary',
                    description: 'Needed for the site to work correctly and securely.',
                },
                preferences: {
                    title: 'Preferences',
                    description: 'Used to remember your language and other choices between visits.',
                },
                analytics: {
                    title: 'Analytics',
                    description: 'Used to collect aggregated information about visits so we can improve the site and its usability.',
                },
            },
            session: { description: 'The session and security cookies of the site.' },
            language: { description: 'Remembers your language.' },
            analytics: { description: 'Counts visits (a local stand-in for an analytics tag).' },
        },
    },

    services: [
        {
            name: 'session',
            title: 'Session',
            purposes: ['functional'],
            required: true,
        },
        {
            name: 'language',
            title: 'Language',
            purposes: ['preferences'],
        },
        {
            name: 'analytics',
            title: 'Analytics',
            purposes: ['analytics'],
            cookies: [/^_ga(_.*)?$/, '_gid'],
        },
    ],
};
