"""The operator page in headless Chromium, against `callvault serve` on a demo archive.

Run by scripts/browser-test, which starts the server and exports SERVE_URL, CALLVAULT_API_TOKEN,
SERVE_LOG (the server's log, with its access log) and SCREENSHOTS (a directory). Every wait is
an explicit condition with a timeout; nothing sleeps a fixed time.
"""

import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["SERVE_URL"]
TOKEN = os.environ["CALLVAULT_API_TOKEN"]
SERVE_LOG = os.environ["SERVE_LOG"]
SCREENSHOTS = os.environ.get("SCREENSHOTS", ".build/screenshots")
TIMEOUT = 30

DESKTOP = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
# A 1280 px wide window at 200 % zoom lays out like a 640 px one drawn at twice the density.
ZOOM_200 = {"width": 640, "height": 400, "deviceScaleFactor": 2, "mobile": False}

console = []


def step(text):
    print(f"browser-test: {text}", flush=True)


def fail(text):
    print(f"browser-test: FAILED: {text}", file=sys.stderr, flush=True)
    sys.exit(1)


def check(condition, text):
    if not condition:
        fail(text)


def api(path, headers=None):
    """The API with the bearer token (or the given headers): (status, JSON)."""
    request = urllib.request.Request(BASE + path, headers=headers if headers is not None else {"Authorization": "Bearer " + TOKEN})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--autoplay-policy=no-user-gesture-required", "--window-size=1280,800",
                     "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio", "--no-first-run", "--lang=en-US"):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_script_timeout(TIMEOUT)
    viewport(driver, DESKTOP)
    return driver


def viewport(driver, metrics):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def wait(driver, condition, text, timeout=TIMEOUT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except Exception as error:  # noqa: BLE001 - report what was awaited
        collect(driver)
        fail(f"timed out waiting for {text} ({type(error).__name__}); console: {console[-5:]}")


def visible(driver, selector):
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return elements[0] if elements and elements[0].is_displayed() else None


def collect(driver):
    console.extend(driver.get_log("browser"))


def check_console(driver, where):
    collect(driver)
    bad = [entry for entry in console
           if entry.get("level") in ("SEVERE", "ERROR") or "Content Security Policy" in entry.get("message", "")
           or "Refused to" in entry.get("message", "")]
    check(not bad, f"console errors or CSP violations {where}: {bad}")


def no_horizontal_scroll(driver, where):
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"{where} scrolls sideways by {overflow} px")


def screenshot(driver, name):
    driver.execute_script("window.scrollTo(0, 0)")
    path = os.path.join(SCREENSHOTS, name)
    driver.save_screenshot(path)
    step(f"screenshot {path}")


def log_offset():
    return os.path.getsize(SERVE_LOG)


def log_since(offset):
    with open(SERVE_LOG, "rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", "replace")


def player_state(driver):
    return driver.execute_script(
        """
        const audio = document.getElementById('player');
        const current = document.querySelector('.segment.current');
        return audio && {
            time: audio.currentTime, ready: audio.readyState, paused: audio.paused,
            index: current ? Number(current.dataset.index) : -1,
            start: current ? Number(current.dataset.start) : null,
            count: document.querySelectorAll('.segment').length,
        };
        """)


def signed_out_gets_the_sign_in_page(driver, recording_id):
    offset = log_offset()
    for path in ("/", "/?view=ops", f"/?call={recording_id}&t=3", "/?q=refund"):
        driver.get(BASE + path)
        wait(driver, lambda d: visible(d, "#signin"), f"the sign-in form at {path}")
        check(not driver.find_elements(By.CSS_SELECTOR, "#results li, .segment, #dead-table, audio"), f"data shown signed out at {path}")
    requested = set(re.findall(r"path=(\S+)", log_since(offset)))
    data = [path for path in requested if not (path == "/" or path.startswith("/ui/") or path == "/session")]
    check(not data, f"a signed-out page asked for data: {data}")


def sign_in(driver):
    driver.get(BASE + "/")
    token = wait(driver, lambda d: visible(d, "#token"), "the token field")
    token.send_keys(TOKEN)
    token.send_keys(Keys.ENTER)
    wait(driver, lambda d: visible(d, "#q"), "the search box after sign-in")
    cookie = driver.get_cookie("callvault_session")
    check(cookie is not None, "no session cookie")
    check(cookie.get("httpOnly") is True, f"the session cookie is not HttpOnly: {cookie}")
    check(cookie.get("sameSite") == "Strict", f"the session cookie is not SameSite=Strict: {cookie}")
    check(TOKEN not in driver.current_url, "the token is in the URL")
    stored = driver.execute_script(
        "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])")
    check(TOKEN not in stored and "callvault_session" not in stored, f"the token or cookie is readable by scripts: {stored}")
    return cookie["value"]


def search(driver, phrase):
    box = wait(driver, lambda d: visible(d, "#q"), "the search box")
    box.clear()
    box.send_keys(phrase)
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: "q=" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#results li.call a.moment"),
         f"results for {phrase}")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
    check(query.get("q") == [phrase], f"the URL does not hold the query: {driver.current_url}")


def seek_far(driver, recording):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": False, "latency": 5, "downloadThroughput": 16000, "uploadThroughput": 1000000})
    try:
        driver.get(BASE + "/?call=" + recording["id"])
        state = wait(driver, lambda d: (lambda s: s if s and s["ready"] >= 1 and s["count"] > 1 else None)(player_state(d)),
                     "the player and transcript on a slow link", timeout=90)
        last = driver.find_element(By.CSS_SELECTOR, f".segment[data-index='{state['count'] - 1}']")
        start = float(last.get_attribute("data-start"))
        offset = log_offset()
        last.click()
        wait(driver, lambda d: (lambda s: s if s["index"] == state["count"] - 1 and abs(s["time"] - start) < 1.5 else None)(player_state(d)),
             f"the player at the last segment ({start:.2f} s)", timeout=60)
        pattern = re.compile(rf"path=/recordings/{recording['id']}/stream\b.*?range=bytes=[1-9][0-9]*-")
        wait(driver, lambda d: pattern.search(log_since(offset)), "a Range request for the seek in the server's access log", timeout=60)
        step(f"the seek to {start:.2f} s asked for {re.findall(r'range=(bytes=[0-9-]+)', log_since(offset))}")
        driver.execute_script("document.getElementById('player').pause()")
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def main():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    # Phrases the simulator's scenarios put in transcripts (billing disputes say "refund", billing
    # calls "account number is …"); the demo's calls decide which occur.
    phrase, found = None, None
    for candidate in ("refund", '"account number"', "payment"):
        status, found = api("/search?" + urllib.parse.urlencode({"q": candidate, "limit": 50}))
        check(status == 200, f"search failed: {status} {found}")
        if found["total"] > 0:
            phrase = candidate
            break
    check(phrase is not None, "the demo archive has none of the scenario phrases")
    words = phrase.strip('"').split()
    status, listed = api("/recordings?has_transcript=true&limit=100")
    check(status == 200 and listed["recordings"], f"no transcribed recordings: {listed}")
    longest = max(listed["recordings"], key=lambda recording: recording.get("audioBytes", 0))
    status, markup = api("/search?q=%22logo+field%22")
    check(status == 200 and markup["total"] > 0, f"the markup transcript is not in the archive: {markup}")
    markup_id = markup["results"][0]["recordingId"]

    driver = make_driver()
    try:
        step("a signed-out browser gets the sign-in page and no data")
        signed_out_gets_the_sign_in_page(driver, found["results"][0]["recordingId"])

        step("sign in with the API token")
        cookie = sign_in(driver)

        step(f"search a phrase of a demo transcript: {phrase}")
        search(driver, phrase)
        marks = [mark.text.lower() for mark in driver.find_elements(By.CSS_SELECTOR, "#results mark")]
        check(marks and all(any(word in mark for word in words) for mark in marks), f"matches are not highlighted: {marks}")
        no_horizontal_scroll(driver, "the search page")
        screenshot(driver, "search-desktop-1280x800.png")
        viewport(driver, PHONE)
        wait(driver, lambda d: d.execute_script("return window.innerWidth") == 390, "the phone width")
        no_horizontal_scroll(driver, "the search page on a phone")
        screenshot(driver, "search-phone-390x844.png")
        viewport(driver, DESKTOP)
        wait(driver, lambda d: d.execute_script("return window.innerWidth") == 1280, "the desktop width")

        # Open the hit that starts latest, so that starting at it is visible.
        moments = driver.find_elements(By.CSS_SELECTOR, "#results a.moment")
        hit = max(moments, key=lambda element: float(element.get_attribute("data-start")))
        hit_start = float(hit.get_attribute("data-start"))
        recording_id = hit.get_attribute("data-recording")
        step(f"open the hit in recording {recording_id} at {hit_start:.2f} s")
        offset = log_offset()
        hit.click()
        state = wait(driver, lambda d: (lambda s: s if s and s["ready"] >= 1 and s["count"] > 0 and abs(s["time"] - hit_start) < 1 else None)(player_state(d)),
                     "the player at the hit's start")
        check(abs(state["time"] - hit_start) < 1, f"the player is at {state['time']}, the hit at {hit_start}")
        check(state["index"] >= 0 and state["start"] <= hit_start + 0.05, f"the hit's segment is not highlighted: {state}")
        check(f"call={recording_id}" in driver.current_url and "t=" in driver.current_url, f"the URL does not hold the call: {driver.current_url}")
        check(f"/recordings/{recording_id}/stream" in log_since(offset), "the player did not stream from the server")

        step("play: the highlighted segment follows")
        if state["index"] == state["count"] - 1:
            driver.find_element(By.CSS_SELECTOR, ".segment[data-index='0']").click()
            state = wait(driver, lambda d: (lambda s: s if s["index"] == 0 and s["time"] < 1.5 else None)(player_state(d)), "the first segment")
        first = state["index"]
        check(driver.execute_script("return document.getElementById('player').play().then(() => true)"), "play() was refused")
        state = wait(driver, lambda d: (lambda s: s if not s["paused"] and s["index"] > first else None)(player_state(d)),
                     "the highlight to move to the next segment while playing", timeout=45)
        consistent = driver.execute_script(
            """
            const audio = document.getElementById('player');
            const segments = [...document.querySelectorAll('.segment')];
            const current = document.querySelector('.segment.current');
            const index = segments.indexOf(current);
            const next = segments[index + 1];
            const t = audio.currentTime;
            return Number(current.dataset.start) <= t + 0.3 && (!next || Number(next.dataset.start) > t - 0.6);
            """)
        check(consistent, "the highlighted segment is not the one being played")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".segment.current")) == 1, "more than one segment is highlighted")

        step("click a later segment: the player seeks there")
        count = state["count"]
        target_index = count - 1 if count - 1 > state["index"] + 1 else min(count - 1, state["index"] + 1)
        target = driver.find_element(By.CSS_SELECTOR, f".segment[data-index='{target_index}']")
        target_start = float(target.get_attribute("data-start"))
        target.click()
        wait(driver, lambda d: (lambda s: s if s["index"] == target_index and abs(s["time"] - target_start) < 1.5 else None)(player_state(d)),
             f"the player at segment {target_index} ({target_start:.2f} s)")
        driver.execute_script("document.getElementById('player').pause()")
        check_console(driver, "on the call page")
        no_horizontal_scroll(driver, "the call page")
        screenshot(driver, "call-desktop-1280x800.png")
        viewport(driver, PHONE)
        wait(driver, lambda d: d.execute_script("return window.innerWidth") == 390, "the phone width")
        no_horizontal_scroll(driver, "the call page on a phone")
        screenshot(driver, "call-phone-390x844.png")
        viewport(driver, ZOOM_200)
        wait(driver, lambda d: d.execute_script("return window.innerWidth") == 640, "200 % zoom")
        no_horizontal_scroll(driver, "the call page at 200 % zoom")
        screenshot(driver, "call-desktop-200pct.png")
        viewport(driver, DESKTOP)
        wait(driver, lambda d: d.execute_script("return window.innerWidth") == 1280, "the desktop width")

        step("on a slow link, a click far ahead makes the player ask the server for a Range")
        # Over loopback Chromium buffers a whole demo recording (under 2 MB) at once and seeks in
        # its buffer; on a throttled link (a phone on mobile data) it has not, so the seek is a
        # new request for the bytes at the target.
        seek_far(driver, longest)
        driver.find_element(By.CSS_SELECTOR, "#nav-search").click()
        wait(driver, lambda d: visible(d, "#q"), "the search box")

        step("a transcript full of markup is shown as text")
        driver.find_element(By.CSS_SELECTOR, "#nav-search").click()
        search(driver, '"logo field"')
        check(not driver.find_elements(By.CSS_SELECTOR, "#results img, #results script"), "markup in a snippet became elements")
        driver.find_element(By.CSS_SELECTOR, f"#results li.call[data-recording='{markup_id}'] a.moment").click()
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".segment")) >= 3, "the markup transcript")
        texts = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".segment .text")]
        check(any("<script>alert(1)</script>" in text for text in texts), f"the <script> text is not shown as text: {texts}")
        check(any("<img src=x onerror=alert(1)>" in text for text in texts), f"the <img onerror> text is not shown as text: {texts}")
        check(driver.execute_script("return document.querySelectorAll('main script, main img, main iframe').length") == 0,
              "markup from a transcript became elements")
        try:
            alert = driver.switch_to.alert
            fail(f"a transcript's markup ran: alert {alert.text!r}")
        except NoAlertPresentException:
            pass
        check_console(driver, "after the markup transcript")

        step("operations: retry a dead job from the page until it completes")
        driver.find_element(By.CSS_SELECTOR, "#nav-ops").click()
        row = wait(driver, lambda d: visible(d, "#dead-table tr[data-kind='noop']"), "the dead noop job")
        job_id = row.get_attribute("data-job")
        check("planned permanent failure" in row.text, f"the dead job's last error is not shown: {row.text}")
        check(driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr"), "no queue table")
        check(driver.find_elements(By.CSS_SELECTOR, "#budgets-table tbody tr"), "no budgets table")
        screenshot(driver, "operations-desktop-1280x800.png")
        row.find_element(By.CSS_SELECTOR, "button.retry").click()
        wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"#job-{job_id} td.state").text == "completed",
             f"job {job_id} to complete")
        status, job = api(f"/ops/jobs/{job_id}")
        check(status == 200 and job["state"] == "completed", f"job {job_id} is {job}")
        check_console(driver, "on the operations page")

        step("sign out: the session ends and the sign-in page returns")
        driver.find_element(By.CSS_SELECTOR, "#sign-out").click()
        wait(driver, lambda d: visible(d, "#signin"), "the sign-in form after signing out")
        check(driver.get_cookie("callvault_session") is None, "the cookie survived signing out")
        status, _ = api("/recordings", headers={"Cookie": "callvault_session=" + cookie})
        check(status == 401, f"the signed-out session still opens the API: {status}")
        driver.get(BASE + "/?view=ops")
        wait(driver, lambda d: visible(d, "#signin"), "the sign-in form for a signed-out browser")
        check(not driver.find_elements(By.CSS_SELECTOR, "#dead-table, #queue-table"), "operations shown signed out")
        check_console(driver, "after signing out")
        step("passed")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
