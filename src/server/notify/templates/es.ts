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
  },
  approve: 'Aprobar',
  deny: 'Rechazar',
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
};
