// Passkeys: the browser's WebAuthn ceremonies against Spring Security's endpoints. A file of its own,
// because the Content-Security-Policy allows no inline script. Without JavaScript the forms are sent
// to the server, which says that passkeys need it.

const NAME_MAX = 100

// WebAuthn speaks ArrayBuffers; Spring Security's JSON speaks base64url.
function fromBase64url (text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = window.atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i)
  }
  return bytes.buffer
}

function toBase64url (buffer) {
  let binary = ''
  for (const byte of new Uint8Array(buffer)) {
    binary += String.fromCharCode(byte)
  }
  return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

// The form's own CSRF token, sent as the header Spring Security reads.
async function post (form, path, body) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' }
  const token = form.querySelector('input[name="_csrf"]')
  if (token) {
    headers['X-CSRF-TOKEN'] = token.value
  }
  return fetch(path, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  })
}

// A GOV.UK error: the summary at the top of the page, and the message beside the field.
function showError (fieldId, message) {
  const field = document.getElementById(fieldId)
  const group = field.closest('.govuk-form-group')
  group.classList.add('govuk-form-group--error')
  let error = document.getElementById(fieldId + '-error')
  if (!error) {
    error = document.createElement('p')
    error.className = 'govuk-error-message'
    error.id = fieldId + '-error'
    field.before(error)
  }
  error.replaceChildren()
  const hidden = document.createElement('span')
  hidden.className = 'govuk-visually-hidden'
  hidden.textContent = 'Error:'
  error.append(hidden, ' ' + message)
  if (field.tagName === 'INPUT') {
    field.classList.add('govuk-input--error')
  }
  const describedBy = (field.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== error.id)
  describedBy.push(error.id)
  field.setAttribute('aria-describedby', describedBy.join(' '))

  let summary = document.getElementById('passkey-error-summary')
  if (!summary) {
    summary = document.createElement('div')
    summary.id = 'passkey-error-summary'
    summary.className = 'govuk-error-summary'
    summary.tabIndex = -1
    const alert = document.createElement('div')
    alert.setAttribute('role', 'alert')
    const title = document.createElement('h2')
    title.className = 'govuk-error-summary__title'
    title.textContent = 'There is a problem'
    const body = document.createElement('div')
    body.className = 'govuk-error-summary__body'
    const list = document.createElement('ul')
    list.className = 'govuk-list govuk-error-summary__list'
    body.append(list)
    alert.append(title, body)
    summary.append(alert)
    const column = document.querySelector('main .govuk-grid-column-two-thirds') || document.querySelector('main')
    column.prepend(summary)
  }
  const item = document.createElement('li')
  const link = document.createElement('a')
  link.href = '#' + fieldId
  link.textContent = message
  item.append(link)
  summary.querySelector('ul').replaceChildren(item)
  if (!document.title.startsWith('Error: ')) {
    document.title = 'Error: ' + document.title
  }
  summary.focus()
}

async function problemMessage (response, fallback) {
  try {
    const problem = await response.json()
    if (problem.errors && problem.errors.length > 0) {
      return problem.errors[0].message
    }
    return problem.detail || fallback
  } catch (e) {
    return fallback
  }
}

async function register (form) {
  const input = form.querySelector('#passkeyName')
  const name = input.value.trim()
  if (name === '') {
    showError('passkeyName', 'Enter a name for the passkey, such as the device it is on ("Work laptop")')
    return
  }
  if (name.length > NAME_MAX) {
    showError('passkeyName', "The passkey's name must be " + NAME_MAX + ' characters or fewer')
    return
  }
  if (!window.PublicKeyCredential || !navigator.credentials) {
    showError('passkeyName', 'This browser cannot use passkeys: use another browser or device')
    return
  }
  const failed = 'The passkey was not added. Try again'
  const optionsResponse = await post(form, '/webauthn/register/options')
  if (!optionsResponse.ok) {
    showError('passkeyName', failed)
    return
  }
  const options = await optionsResponse.json()
  const publicKey = {
    ...options,
    challenge: fromBase64url(options.challenge),
    user: { ...options.user, id: fromBase64url(options.user.id) },
    excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) }))
  }
  let credential
  try {
    credential = await navigator.credentials.create({ publicKey })
  } catch (e) {
    showError('passkeyName', e.name === 'InvalidStateError'
      ? 'That device already has a passkey for your account'
      : 'The passkey was not added: your device said no, or took too long. Try again')
    return
  }
  const response = credential.response
  const registration = {
    publicKey: {
      label: name,
      credential: {
        id: credential.id,
        rawId: toBase64url(credential.rawId),
        type: credential.type,
        response: {
          attestationObject: toBase64url(response.attestationObject),
          clientDataJSON: toBase64url(response.clientDataJSON),
          transports: response.getTransports ? response.getTransports() : []
        },
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      }
    }
  }
  const saved = await post(form, '/webauthn/register', registration)
  if (!saved.ok) {
    showError('passkeyName', await problemMessage(saved, failed))
    return
  }
  window.location.assign('/my-account/second-factor?passkey=added#passkeys')
}

async function signIn (form) {
  const failed = () => window.location.assign('/sign-in?passkey=failed')
  if (!window.PublicKeyCredential || !navigator.credentials) {
    failed()
    return
  }
  const optionsResponse = await post(form, '/webauthn/authenticate/options')
  if (!optionsResponse.ok) {
    failed()
    return
  }
  const options = await optionsResponse.json()
  const publicKey = {
    ...options,
    challenge: fromBase64url(options.challenge),
    allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) }))
  }
  let credential
  try {
    credential = await navigator.credentials.get({ publicKey })
  } catch (e) {
    failed()
    return
  }
  const response = credential.response
  const assertion = {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: toBase64url(response.authenticatorData),
      clientDataJSON: toBase64url(response.clientDataJSON),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined
    },
    clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: credential.authenticatorAttachment
  }
  const answer = await post(form, '/login/webauthn', assertion)
  if (!answer.ok) {
    failed()
    return
  }
  const result = await answer.json()
  window.location.assign(result.authenticated && result.redirectUrl ? result.redirectUrl : '/')
}

// Each form runs its ceremony once at a time; a second press while one runs does nothing.
function onSubmit (selector, ceremony) {
  for (const form of document.querySelectorAll(selector)) {
    let running = false
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (running) {
        return
      }
      running = true
      try {
        await ceremony(form)
      } finally {
        running = false
      }
    })
  }
}

onSubmit('form[data-passkey-register]', register)
onSubmit('form[data-passkey-sign-in]', signIn)
