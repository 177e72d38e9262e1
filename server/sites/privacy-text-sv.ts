// The privacy text in Swedish (privacy-text.ts picks the facts). It says what
// privacy-text-en.ts says, block for block, in the words a Swedish cookie page uses
// ("kakor", "samtycke", "återkalla").
import type { TrackerFlag } from '../../protocol/tracker.js';
import type { Block, Inline, PrivacyFacts } from './privacy-text.js';

const days = (n: number) => `${new Intl.NumberFormat('sv-SE').format(n)} ${n === 1 ? 'dag' : 'dagar'}`;

/** What each feature of the site's script adds to what is sent, in TRACKER_FLAGS order. */
const FEATURES: Record<TrackerFlag, string> = {
  engagement: 'hur länge sidan var öppen och synlig, och hur långt ner på den du skrollade',
  outbound_links: 'klick på länkar till andra webbplatser, med länkens adress utan frågedel',
  file_downloads: 'nedladdade filer, med filens adress utan frågedel',
  tagged_events: 'klick på knappar och länkar som vi har märkt ut, med namnet vi gett dem',
  form_submissions: 'att ett formulär skickades (aldrig vad som stod i det)',
  track_404_pages: 'adressen till sidor som inte hittades',
  revenue_tracking: 'belopp och valuta för köp som vi räknar',
  pageview_props: 'uppgifter om sidan som vi själva lägger till, till exempel författare eller kategori',
};

const code = (key: string): Inline => ({ code: key });

export function swedishText(f: PrivacyFacts): Block[] {
  const located = f.location === 'city' ? 'ditt land, din region och din ort' : 'ditt land';
  return [
    { h: `Besöksstatistik på ${f.domain}`, level: 2 },
    {
      p: [
        `Vi räknar besöken på ${f.domain} för att se hur webbplatsen används i stort: hur många som besöker den, vilka sidor som läses och var besökarna kommer ifrån. ` +
          'Till det använder vi Lagom, ett statistikverktyg som vi driver på vår egen server. ' +
          'Statistiken består av summor. Den kan inte visa vem du är, och vi använder den inte för reklam.',
      ],
    },
    {
      p: [
        f.banner
          ? 'Vi räknar bara ditt besök om du godkänner det. Vi frågar i en ruta längst ner på sidan.'
          : 'Vi räknar bara ditt besök om du har godkänt det i vårt verktyg för samtycke till kakor.',
      ],
    },
    { p: ['Om din webbläsare skickar Global Privacy Control tolkar vi det som ett nej: då räknas och sparas ingenting, och vi frågar inte.'] },

    { h: 'Vad din webbläsare skickar', level: 3 },
    { p: ['När du har godkänt skickar din webbläsare följande vid varje sidvisning:'] },
    {
      ul: [
        ['sidans adress, utan det som står efter ”?” (frågedelen)'],
        ['adressen till sidan som länkade hit (hänvisningen)'],
        ['kampanjparametrarna i länken du kom via (utm_source, utm_medium, utm_campaign, utm_term, utm_content, ref, source)'],
        ['skärmens bredd'],
        [
          'markeringar som gör att vi kan räkna utan att veta vem du är: om det är din första sidvisning i dag, ' +
            'den första visningen av just den här sidan i dag eller början på ett nytt besök, och tiden sedan din förra sidvisning',
        ],
        ...f.features.map((flag) => [FEATURES[flag]]),
        ['händelser som vi väljer att räkna, till exempel en genomförd registrering, med deras namn och de uppgifter vi ger dem'],
      ],
    },
    {
      p: [
        `Av det som kommer in tar vår server fram ${located} ur din IP-adress, och ur webbläsarens användaragent (user agent) namnet och huvudversionen på din webbläsare, ` +
          'namnet och versionen på ditt operativsystem och vilken sorts enhet du använder (dator, mobil eller surfplatta). IP-adressen och användaragenten sparas inte, utan kastas direkt.',
      ],
    },

    { h: 'Vad vi aldrig samlar in', level: 3 },
    {
      ul: [
        ['din IP-adress: den används en kort stund för att ta reda på ditt land och sparas aldrig'],
        ...(f.cookieDomain ? [] : [['kakor (cookies): statistiken använder inga']]),
        ['någon identitet: inget som känner igen dig eller din webbläsare igen, inte ens som ett hashvärde'],
        ['något fingeravtryck: vi kombinerar inte egenskaper hos din webbläsare för att skilja den från andra; av webbläsaren sparar vi bara namnet och huvudversionen'],
        ['det du skriver, och frågedelen i adresser'],
      ],
    },

    { h: 'Vad som sparas i din webbläsare', level: 3 },
    {
      p: [
        (f.cookieDomain
          ? `Statistiken sparar ${f.banner ? 'några små anteckningar' : 'två små anteckningar'} i förstapartskakor (cookies) på ${f.cookieDomain} (de delas av dess underdomäner, så att ett besök över dem räknas en gång)`
          : `Statistiken sparar ${f.banner ? 'några små anteckningar' : 'två små anteckningar'} i webbläsarens lokala lagring (localStorage) för den här webbplatsen`) +
          (f.banner ? '. De två första sparas bara när du har godkänt, den tredje bara när du har avböjt:' : ', och bara när du har godkänt:'),
      ],
    },
    {
      ul: [
        [code('lagom'), ': när ditt samtycke upphör'],
        [
          code('lagom_s'),
          ': läget för ditt besök: de sidor och händelser som redan har räknats i dag, tiden för din senaste sidvisning eller händelse, ' +
            'och besökets ingångssida, hänvisning och kampanj. Den innehåller ingen identitet.',
        ],
        ...(f.banner
          ? [[code('lagom_r'), ': när ditt nej slutar gälla, så att vi inte frågar på varje sida. Den sparas bara om du avböjer och innehåller inget annat.']]
          : []),
      ],
    },
    {
      p: [
        f.cookieDomain
          ? `Din webbläsare skickar kakorna med varje förfrågan till ${f.cookieDomain} och dess underdomäner, så våra webbservrar tar emot dem; de innehåller ingen identitet, bara tiderna och sidorna ovan. ` +
            'De skickas aldrig till statistikservern, och andra webbplatser kan inte läsa dem. Läget för ditt besök försvinner ett och ett halvt dygn efter din senaste sidvisning.'
          : 'De är inte kakor, och andra webbplatser kan inte läsa dem.',
      ],
    },

    { h: 'Hur länge', level: 3 },
    {
      ul: [
        ['Ditt samtycke gäller i 13 månader. Sedan frågar vi igen.'],
        ...(f.banner ? [[`Om du avböjer frågar vi inte igen förrän efter ${days(f.refusalDays)}.`]] : []),
        [
          `I vår statistik finns uppgifter per timme i ${days(f.hourlyDays)}, sedan bara summor per dag. ` +
            (f.retentionDays === undefined ? 'Summorna sparar vi tills vi raderar dem.' : `Summorna raderas efter ${days(f.retentionDays)}.`),
        ],
      ],
    },

    { h: 'Var uppgifterna finns', level: 3 },
    { p: [`Statistiken finns på vår egen Lagom-server på ${f.origin}. Ingen tredje part får ta del av den: vi varken delar eller säljer den.`] },

    { h: 'Så återkallar du ditt samtycke', level: 3 },
    {
      p: f.banner
        ? [
            'Du kan när som helst ändra ditt svar via länken ',
            { link: 'Cookieinställningar' },
            '. Om du återkallar ditt samtycke slutar vi räkna direkt, och anteckningarna ',
            code('lagom'),
            ' och ',
            code('lagom_s'),
            ' tas bort ur din webbläsare; bara anteckningen om ditt nej finns kvar. Du kan också rensa den här webbplatsens data i din webbläsare.',
          ]
        : [
            'Du kan när som helst ändra ditt svar i våra cookieinställningar (vårt verktyg för samtycke). Om du återkallar ditt samtycke slutar vi räkna direkt, och anteckningarna ',
            code('lagom'),
            ' och ',
            code('lagom_s'),
            ' tas bort ur din webbläsare. Du kan också rensa den här webbplatsens data i din webbläsare.',
          ],
    },
    {
      p: [
        'Eftersom statistiken inte innehåller något som pekar ut dig kan vi inte hitta eller radera en enskild besökares uppgifter. Anteckningarna i din webbläsare kan du ta bort själv.',
      ],
    },
  ];
}
