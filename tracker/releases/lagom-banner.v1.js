var x={sv:{label:"Bes\xF6ksstatistik",text:"F\xE5r vi r\xE4kna ditt bes\xF6k? Statistiken sparar en liten anteckning i din webbl\xE4sare, men inget som kan identifiera dig.",policy:"Integritetspolicy",accept:"Godk\xE4nn",decline:"Avb\xF6j"},en:{label:"Visitor statistics",text:"May we count your visit? The statistics keep a small note in your browser, but nothing that can identify you.",policy:"Privacy policy",accept:"Accept",decline:"Decline"}},c=`
:host{all:initial}
section{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-width:36rem;margin:0 auto;
box-sizing:border-box;padding:1rem;border:1px solid #555;border-radius:.5rem;background:#fff;color:#111;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;box-shadow:0 .25rem 1rem rgba(0,0,0,.25)}
p{margin:0 0 .75rem}
a{color:inherit}
div{display:flex;gap:.75rem;flex-wrap:wrap}
button{flex:1 1 8rem;min-height:2.75rem;padding:.5rem 1rem;border:2px solid currentColor;border-radius:.375rem;
background:transparent;color:inherit;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:rgba(127,127,127,.15)}
a:focus-visible,button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
@media (prefers-color-scheme:dark){section{background:#1e1e1e;color:#f2f2f2;border-color:#aaa}}
`,n=document,v=self.lagom,d=n.querySelector('script[data-consent="banner"]').dataset,p=(d.lang||n.documentElement.lang||"").toLowerCase(),o=x[/^sv\b/.test(p)?"sv":"en"];function e(t,u,...y){let i=n.createElement(t);for(let[h,S]of Object.entries(u))i.setAttribute(h,S);return i.append(...y),i}var s=e("div",{"data-lagom-banner":""}),r=s.attachShadow({mode:"open"}),b=e("p",{id:"lagom-banner-text"},o.text),a=d.policyUrl;a&&/^https?:\/\//i.test(new URL(a,location.href).href)&&b.append(" ",e("a",{href:new URL(a,location.href).href},o.policy));var m=t=>()=>{s.remove(),v("consent",t)},g=e("button",{type:"button"},o.accept),f=e("button",{type:"button"},o.decline);g.addEventListener("click",m(!0));f.addEventListener("click",m(!1));if(r.adoptedStyleSheets&&self.CSSStyleSheet&&"replaceSync"in CSSStyleSheet.prototype){let t=new CSSStyleSheet;t.replaceSync(c),r.adoptedStyleSheets=[t]}else r.append(e("style",{},c));r.append(e("section",{role:"region","aria-label":o.label,"aria-describedby":"lagom-banner-text",lang:/^sv\b/.test(p)?"sv":"en"},b,e("div",{},g,f)));var l=()=>n.body.prepend(s);n.body?l():addEventListener("DOMContentLoaded",l);
