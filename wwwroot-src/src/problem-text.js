// @ts-check
// What a refused request says, for the banner request-problems.js shows. Pure: no DOM.

/**
 * The message of a refused request: a problem details body's detail or title, else the plain-text answer, else the
 * HTTP status text.
 * @param {string} body
 * @param {string} statusText
 * @returns {string}
 */
export function problemText(body, statusText) {
    let text = body.trim();
    try {
        const problem = JSON.parse(text);
        text = problem.detail || problem.title || text;
    } catch {
        // not JSON: the plain-text answer is the message
    }
    return text || statusText;
}
