import type { NotifyTexts } from './types';

export const es: NotifyTexts = {
  messages: {
    'visitor.arrived': {
      subject: 'Su visita {visitor} ha llegado',
      text: '{visitor} ha llegado y le espera en {location}.',
    },
    'approval.requested': {
      subject: 'Aprobación necesaria: {visitor} está esperando',
      text: '{visitor} espera en {location} para visitar a {host}. Apruebe o rechace la visita.',
    },
    'approval.escalated': {
      subject: 'Sin respuesta de {host}: {visitor} está esperando',
      text: '{host} no ha respondido sobre {visitor}, que espera en {location}. Apruebe o rechace la visita.',
    },
    'visitor.checked_out': {
      subject: 'Su visita {visitor} se ha ido',
      text: '{visitor} ha registrado su salida en {location}.',
    },
    'watchlist.alert': {
      subject: 'Alerta de lista de vigilancia en {site}',
      text: 'Se ha detectado una coincidencia con la lista de vigilancia en {location}: {visitor}. Acuda ahora.',
    },
    'host.unreachable': {
      subject: 'Llame a {host}',
      text: 'No se pudo avisar a {host} sobre {visitor} ({detail}). Llámele, por favor.',
    },
    'visitor.waiting': {
      subject: '{visitor} lleva {minutes} minutos esperando',
      text: '{visitor} lleva {minutes} minutos esperando a {host} en {location}. Vaya a recibirle o avise a recepción.',
    },
    'delegation.started': {
      subject: 'Sus aprobaciones de visitas van ahora a {delegate}',
      text: '{delegate} decide sus aprobaciones de visitas en {site} hasta el {until}. Si no lo ha pedido usted, termínelo con el enlace de abajo o llame a recepción.',
    },
    'delegation.received': {
      subject: '{host} le ha pedido que decida sobre sus visitas',
      text: '{host} le ha pedido que apruebe o rechace sus visitas en {site} hasta el {until}. Sus solicitudes de aprobación le llegarán a usted.',
    },
    'delegation.ended': {
      subject: 'Sus aprobaciones de visitas vuelven a usted',
      text: 'A partir de ahora vuelve a decidir usted mismo sus aprobaciones de visitas en {site}.',
    },
  },
  approve: 'Aprobar',
  deny: 'Rechazar',
  delegateLink: '¿Fuera de la oficina? Deje que un compañero decida por usted, o termínelo',
  page: {
    title: 'Aprobación de visita',
    confirmApprove: 'Aprobar esta visita',
    confirmDeny: 'Rechazar esta visita',
    reasonLabel: 'Motivo (opcional)',
    approved: 'Gracias: la visita está aprobada. El visitante puede pasar.',
    denied: 'Gracias: la visita está rechazada. Recepción informará al visitante.',
    alreadyDecided: 'Esta visita ya se ha decidido, o el enlace ya se ha usado.',
    expired: 'Este enlace ha caducado. Llame a recepción.',
    invalid: 'Este enlace no es válido.',
  },
  delegatePage: {
    title: 'Quién decide por usted',
    intro: '{host}: mientras esté fuera, un compañero de {site} puede aprobar o rechazar sus visitas.',
    current: '{delegate} decide por usted desde el {from} hasta el {until}.',
    none: 'Usted decide sus aprobaciones de visitas.',
    emailLabel: 'Correo electrónico de trabajo de su compañero',
    daysLabel: 'Durante cuánto tiempo',
    days: '{n} días',
    oneDay: '1 día',
    submit: 'Ceder mis aprobaciones',
    end: 'Terminar ahora',
    started: 'Hecho: {delegate} decide por usted hasta el {until}. Ambos recibirán un mensaje.',
    ended: 'Hecho: vuelve a decidir usted mismo sus aprobaciones de visitas.',
    unknownColleague:
      'No hay ningún compañero con ese correo en {site}. Compruebe la dirección o pregunte en recepción.',
    notYourself: 'Elija a un compañero, no a usted mismo.',
    badInput: 'Indique el correo de su compañero y durante cuánto tiempo.',
    alreadyEnded: 'Esa cesión ya ha terminado.',
    expired:
      'Este enlace ha caducado. Use el enlace de un mensaje de aprobación más reciente o pregunte en recepción.',
    invalid: 'Este enlace no es válido.',
  },
};
