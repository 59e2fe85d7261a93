(function(){
var s=document.currentScript,k=s&&s.dataset.key;if(!k)return;
var o=new URL(s.src).origin,d=document,e=encodeURIComponent,f,w;
fetch(o+"/api/v1/widget/"+e(k)+"/config?host="+e(location.hostname)).then(function(r){return r.json()}).then(function(c){
if(!c.allowed){console.warn("Lead Machine: this widget is not enabled on "+location.hostname+". Add the site under Settings > Widget.");return}
var p=c.position=="left"?"left":"right",b=d.createElement("button");b.type="button";b.textContent=c.button_text;b.setAttribute("aria-expanded","false");b.setAttribute("aria-controls","lm-widget");
b.style.cssText="position:fixed;bottom:20px;"+p+":20px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;background:"+c.color+";color:#fff;font:600 15px system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer";
function t(){if(!w){w=d.createElement("div");w.id="lm-widget";w.style.cssText="position:fixed;bottom:76px;"+p+":20px;z-index:2147483000;width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 100px));border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff";
f=d.createElement("iframe");f.title="Contact form";f.style.cssText="width:100%;height:100%;border:0";f.src=o+"/w/"+e(k)+"?page="+e(location.href)+"&ref="+e(d.referrer);w.appendChild(f);d.body.appendChild(w)}
else w.hidden=!w.hidden;var open=!w.hidden;b.setAttribute("aria-expanded",String(open));if(open)f.focus()}
b.addEventListener("click",t);d.addEventListener("keydown",function(v){if(v.key=="Escape"&&w&&!w.hidden){w.hidden=true;b.setAttribute("aria-expanded","false");b.focus()}});
function g(){d.body.appendChild(b)}d.readyState=="loading"?d.addEventListener("DOMContentLoaded",g):g()})})();
